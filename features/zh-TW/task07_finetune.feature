# language: zh-TW
@task7
功能: 任務 7 - 上傳微調檔案並進行微調
  從筆記本上傳 training_set.jsonl 與 validation_set.jsonl（purpose 為 "fine-tune"），
  以 model "gpt-4o-mini-2024-07-18" 與這兩個檔案的 ID 建立微調作業，然後輪詢其狀態，
  直到狀態為 succeeded（可能需要一個多小時），並記下 fine_tuned_model。
  仍在 pending 或 running 的作業是進行中，而不是失敗。

  背景:
    假如 使用指派給我的訂用帳戶與資源群組
    而且 查看 Azure OpenAI 資源
    而且 查看已上傳到該資源的檔案

  @check:t7-training-file
  場景: training_set.jsonl 已上傳並處理完成
    那麼 實驗的訓練檔案已上傳並處理完成

  @check:t7-validation-file
  場景: validation_set.jsonl 已上傳並處理完成
    那麼 實驗的驗證檔案已上傳並處理完成

  @check:t7-job-inputs
  場景: 微調作業以實驗的檔案微調實驗的基礎模型
    假如 查看實驗的微調作業
    那麼 它以已上傳的檔案微調實驗的基礎模型

  @check:t7-job-succeeded
  場景: 微調作業已成功完成
    假如 查看實驗的微調作業
    那麼 其狀態為 succeeded

  @check:t7-fine-tuned-model
  場景: 作業產生了微調模型
    假如 查看實驗的微調作業
    那麼 其 fine_tuned_model 以基礎模型命名

  @carry_out @check:c7-upload
  場景: 代為執行 - 上傳 training_set.jsonl 與 validation_set.jsonl
    當 我上傳實驗的訓練與驗證檔案
    那麼 實驗的訓練檔案已上傳並處理完成
    而且 實驗的驗證檔案已上傳並處理完成

  @carry_out @check:c7-finetune
  場景: 代為執行 - 以已上傳的檔案微調基礎模型
    當 我以已上傳的檔案建立微調作業
    而且 我等待微調作業完成
    那麼 其狀態為 succeeded
    而且 其 fine_tuned_model 以基礎模型命名
