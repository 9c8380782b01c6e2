# language: zh-TW
@task5
功能: 任務 5 - 設定環境變數
  在命令提示字元中，於 Labfiles 資料夾執行
  setx AZURE_OPENAI_API_KEY "REPLACE_WITH_YOUR_KEY_VALUE_HERE"（任務 3 的 KEY 1）以及
  setx AZURE_OPENAI_ENDPOINT "REPLACE_WITH_YOUR_ENDPOINT_HERE"，然後關閉命令提示字元。
  金鑰會與資源的金鑰比對，過程中絕不會顯示或記錄它。

  背景:
    假如 使用指派給我的訂用帳戶與資源群組
    而且 查看我做實驗所用終端機的環境變數

  @check:t5-key-set
  場景: 已設定 AZURE_OPENAI_API_KEY
    那麼 API 金鑰變數已設定

  @check:t5-key-matches
  場景: AZURE_OPENAI_API_KEY 的值是資源的 KEY 1 或 KEY 2
    假如 查看 Azure OpenAI 資源
    那麼 API 金鑰變數的值是該資源的其中一個金鑰

  @check:t5-endpoint-set
  場景: 已設定 AZURE_OPENAI_ENDPOINT
    那麼 端點變數已設定

  @check:t5-endpoint-matches
  場景: AZURE_OPENAI_ENDPOINT 的值是資源的端點
    假如 查看 Azure OpenAI 資源
    那麼 端點變數的值是該資源的端點
