# language: zh-TW
@task4
功能: 任務 4 - 安裝 Python 程式庫
  在命令提示字元（以系統管理員身分執行）中執行：
  pip install "openai==0.28.1" requests tiktoken numpy
  程式庫是在您做實驗所用的 Python 中檢查，不一定是 labverify 本身所用的 Python。

  背景:
    假如 查看我做實驗所用的 Python 直譯器

  @check:t4-openai
  場景: 已安裝講義所用版本的 openai 程式庫
    那麼 已安裝實驗要求版本的程式庫 "openai"

  @check:t4-requests
  場景: 已安裝 requests 程式庫
    那麼 已安裝實驗要求版本的程式庫 "requests"

  @check:t4-tiktoken
  場景: 已安裝 tiktoken 程式庫
    那麼 已安裝實驗要求版本的程式庫 "tiktoken"

  @check:t4-numpy
  場景: 已安裝 numpy 程式庫
    那麼 已安裝實驗要求版本的程式庫 "numpy"
