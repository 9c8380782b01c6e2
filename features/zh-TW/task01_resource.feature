# language: zh-TW
@task1
功能: 任務 1 - 建立 Azure OpenAI 資源
  在 Azure 入口網站中：選取「+ 建立資源」(+ Create a resource)，搜尋「Azure OpenAI」，再選取「建立」。
  在「基本」索引標籤上：訂用帳戶：指派給您的訂用帳戶；資源群組：ResourceGroup1；
  區域：North Central US（美國中北部）；名稱：AzureOpenAI-FinetuneXX（XX 為唯一的編號）；
  定價層：Standard S0。「網路」與「標籤」保留預設值。選取「檢閱 + 提交」、「建立」，再選取「前往資源」。

  背景:
    假如 使用指派給我的訂用帳戶與資源群組

  @check:t1-exists
  場景: 指派的資源群組中有 Azure OpenAI 資源
    當 我在資源群組中尋找 Azure OpenAI 資源
    那麼 我找到該資源

  @check:t1-kind
  場景: 資源是以 Azure OpenAI 建立的
    當 我開啟 Azure OpenAI 資源
    那麼 其種類符合實驗的要求

  @check:t1-sku
  場景: 定價層為 Standard S0
    當 我開啟 Azure OpenAI 資源
    那麼 其定價層符合實驗的要求

  @check:t1-region
  場景: 區域是實驗要求的區域
    當 我開啟 Azure OpenAI 資源
    那麼 其區域符合實驗的要求

  @check:t1-name
  場景: 名稱符合 AzureOpenAI-FinetuneXX 的格式
    當 我開啟 Azure OpenAI 資源
    那麼 其名稱符合實驗規定的格式

  @check:t1-provisioned
  場景: 資源的部署已完成
    當 我開啟 Azure OpenAI 資源
    那麼 其佈建狀態為 Succeeded

  @check:t1-endpoint
  場景: 資源有端點
    當 我開啟 Azure OpenAI 資源
    那麼 它顯示一個端點
