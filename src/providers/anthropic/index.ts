/**
 * Claude through Anthropic's Messages API, streaming included; structured output through a
 * forced tool call, since the API has no response_format.
 * It must not retry, time out, cache or meter: `wrapLanguageModel` in ../shared does that.
 */
export {
  type AnthropicLanguageModel,
  type AnthropicLanguageModelSettings,
  anthropicBaseURL,
  anthropicVersion,
  createAnthropicLanguageModel,
} from './language-model.js';
