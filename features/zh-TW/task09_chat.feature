# language: zh-TW
@task9
功能: 任務 9 - 使用已部署的自訂模型
  在聊天遊樂場 (Chat playground) 中選擇微調模型的部署，將系統訊息設為 "The system
  is an AI teacher that helps people learn about AI"，加入關於人工智慧類型的範例對話，
  然後提問 "What is artificial intelligence?"。
  這項檢查會送出這一個聊天要求：它會耗用少量權杖，並算是使用了該部署，
  因此會重設部署 15 天的閒置計時。

  背景:
    假如 使用指派給我的訂用帳戶與資源群組
    而且 查看 Azure OpenAI 資源

  @check:t9-chat
  場景: 已部署的模型回答了實驗的問題
    假如 查看微調模型的部署
    當 我以系統訊息與範例向部署提出實驗的問題
    那麼 它回覆一則非空白的訊息

  @carry_out @check:c9-chat
  場景: 代為執行 - 向已部署的模型提出實驗的問題
    假如 查看微調模型的部署
    當 我以系統訊息與範例向部署提出實驗的問題
    那麼 它回覆一則非空白的訊息
