import UXLLM

LLMCommand.runAsTool(name: "ux-llm")
