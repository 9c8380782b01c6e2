# language: zh-TW
@task8
功能: 任務 8 - 部署微調模型
  以 az account get-access-token 取得權杖，再透過 Azure Resource Manager 在資源上 PUT 部署：
  sku 為 "standard"、capacity 為 1，model format 為 "OpenAI"，model name 為作業的
  fine_tuned_model，version 為 "1"。部署名稱：gpt-4o-mini-2024-07-18-ft。
  部署需要 15-20 分鐘；狀態為 Creating 時表示仍在進行中。

  背景:
    假如 使用指派給我的訂用帳戶與資源群組
    而且 查看 Azure OpenAI 資源

  @check:t8-deployment
  場景: 微調模型已部署
    假如 查看微調模型的部署
    那麼 有一個部署提供作業的微調模型

  @check:t8-provisioned
  場景: 部署已完成
    假如 查看微調模型的部署
    那麼 部署的佈建狀態為 Succeeded

  @check:t8-format-sku
  場景: 部署使用 OpenAI 模型格式與允許的 SKU
    假如 查看微調模型的部署
    那麼 部署的模型格式與 SKU 是實驗允許的

  @carry_out @check:c8-deploy
  場景: 代為執行 - 部署微調模型
    當 我部署作業的微調模型
    那麼 部署的佈建狀態為 Succeeded
    而且 部署的模型格式與 SKU 是實驗允許的
