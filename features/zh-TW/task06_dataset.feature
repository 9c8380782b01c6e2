# language: zh-TW
@task6
功能: 任務 6 - 建立範例資料集
  在 Labfiles 資料夾（C:\Labfiles）中建立 training_set.jsonl 與 validation_set.jsonl：
  每一行一個聊天範例，也就是由 system、user 與 assistant 訊息組成的 "messages" 清單。
  筆記本會載入這兩個檔案、計算範例數、印出第一個範例，並以 tiktoken 計算權杖數。
  微調要到上傳之後才會拒絕含有錯誤行的檔案，因此在這裡先檢查。

  背景:
    假如 查看實驗資料夾中的資料集檔案

  @check:t6-files
  場景: Labfiles 資料夾中有 training_set.jsonl 與 validation_set.jsonl
    那麼 兩個資料集檔案都在

  @check:t6-format
  場景: 每一行都是微調可接受的聊天範例
    那麼 兩個檔案的每一行都是有效的聊天範例

  @check:t6-examples
  場景: 每個檔案都有足夠的範例
    那麼 每個檔案至少有最低數量的範例

  @check:t6-limits
  場景: 每個範例都在基礎模型的權杖上限內
    那麼 每個範例都在權杖上限內，每個檔案都在大小上限內
