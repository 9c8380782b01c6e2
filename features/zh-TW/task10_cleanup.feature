# language: zh-TW
@task10
功能: 任務 10 - 刪除資源
  在資源群組中，選取為實驗建立的資源並將其刪除；請勿刪除資源群組。刪除的 Azure OpenAI
  資源會被虛刪除，除非將其清除，否則其名稱會保留 48 小時。此任務會復原任務 1-9 的成果，
  只有在要求時才會評分。

  背景:
    假如 使用指派給我的訂用帳戶與資源群組

  @check:t10-resource-deleted
  場景: Azure OpenAI 資源已刪除
    那麼 實驗的資源已不在資源群組中

  @check:t10-group-kept
  場景: 資源群組仍保留著
    那麼 資源群組仍然存在

  @carry_out @check:c10-delete
  場景: 代為執行 - 刪除 Azure OpenAI 資源並保留資源群組
    當 我刪除 Azure OpenAI 資源
    那麼 實驗的資源已不在資源群組中
    而且 資源群組仍然存在
