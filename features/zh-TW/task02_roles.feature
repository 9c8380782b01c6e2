# language: zh-TW
@task2
功能: 任務 2 - 為 Azure OpenAI 資源新增角色指派
  在 AzureOpenAI-FinetuneXX 資源上：存取控制 (IAM) > + 新增 > 新增角色指派，選取角色，
  選取「下一步」，在「成員」中選取「+ 選取成員」（選您自己），再選取「檢閱 + 指派」。
  三個角色指派在資源上；Cognitive Services Usages Reader 則指派在訂用帳戶上。
  角色是以其內建角色 ID 比對，因此不論入口網站使用哪一種語言，結果都相同。

  背景:
    假如 使用指派給我的訂用帳戶與資源群組
    而且 查看 Azure OpenAI 資源
    而且 查看在該資源上適用於我的角色指派

  @check:t2-openai-contributor
  場景: 我在資源上擁有 Cognitive Services OpenAI Contributor 角色
    那麼 我在實驗要求的範圍擁有角色 "openai-contributor"

  @check:t2-openai-user
  場景: 我在資源上擁有 Cognitive Services OpenAI User 角色
    那麼 我在實驗要求的範圍擁有角色 "openai-user"

  @check:t2-contributor
  場景: 我在資源上擁有 Cognitive Services Contributor 角色
    那麼 我在實驗要求的範圍擁有角色 "contributor"

  @check:t2-usages-reader
  場景: 我在訂用帳戶上擁有 Cognitive Services Usages Reader 角色
    那麼 我在實驗要求的範圍擁有角色 "usages-reader"
