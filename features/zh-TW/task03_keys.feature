# language: zh-TW
@task3
功能: 任務 3 - 擷取 Azure OpenAI 服務的金鑰與端點
  在資源上選取「資源管理」>「金鑰與端點」：選取「顯示金鑰」，將 KEY 1（或 KEY 2）與端點，
  連同訂用帳戶 ID、資源群組與資源名稱複製到記事本。
  資源有兩個金鑰，因此可以重新產生其中一個，同時繼續使用另一個。

  背景:
    假如 使用指派給我的訂用帳戶與資源群組
    而且 查看 Azure OpenAI 資源

  @check:t3-keys
  場景: 選取「顯示金鑰」後可看到 KEY 1 與 KEY 2
    當 我開啟金鑰與端點並選取顯示金鑰
    那麼 KEY 1 與 KEY 2 都有顯示

  @check:t3-endpoint
  場景: 端點是該資源的 Azure OpenAI 端點
    當 我開啟金鑰與端點
    那麼 端點是該資源的 Azure OpenAI 端點
