/**
 * tune — fine-tuning data, jobs and models. Builds a clean chat training set (cases split
 * `train`, accepted or corrected answers from serve's feedback log, few-shot examples) with a
 * data card, exports it for OpenAI, Together, Axolotl and transformers + PEFT, launches and
 * follows jobs on real engines, registers the result in models.json for the next eval, checks
 * for catastrophic forgetting and converts PEFT adapters to GGUF for llama-cpp.
 * It must never train on eval cases, never fake a job, and never half-write the registry.
 */
export {
  builtinChatTemplates,
  type ChatTemplate,
  DEFAULT_CHAT_TEMPLATE,
  resolveChatTemplate,
  toTemplate,
} from './chat-templates.js';
export {
  type CollectedExamples,
  collectTrainingExamples,
  type HybridContext,
} from './collect-training-examples.js';
export {
  CONVERT_REQUIRED_PACKAGES,
  type ConvertLoraOptions,
  convertLoraToGguf,
  extractConverter,
  locateLlamaCppBundle,
} from './convert-lora.js';
export { type DataCard, MIN_RECOMMENDED_EXAMPLES, renderDataCardMarkdown } from './data-card.js';
export { describeTunedModel } from './describe-tuned-model.js';
export { assertDatasetFileFor, checkDatasetText, MIN_EXAMPLES } from './engine-dataset-rules.js';
export { type CreateEngineOptions, createEngine, parseEngineName } from './engines/create-engine.js';
export { createLocalEngine, LOCAL_OPTIONAL_PACKAGES, LOCAL_REQUIRED_PACKAGES } from './engines/local.js';
export { createOpenAiEngine, OPENAI_DEFAULT_BASE_URL } from './engines/openai.js';
export {
  checkOpenAiDeadline,
  OPENAI_CLOSING_NOTICE,
  OPENAI_LAST_JOB_DAY,
  openAiJobsClosed,
} from './engines/openai-deadline.js';
export { describeMissingPackages, type PythonProbe, probePython } from './engines/probe-python.js';
export { createTogetherEngine, TOGETHER_DEFAULT_BASE_URL } from './engines/together.js';
export {
  type EngineName,
  engineNames,
  type TuneEngine,
  type TuneEvent,
  type TuneJob,
  type TuneJobStatus,
  terminalStatuses,
} from './engines/tune-engine.js';
export {
  describeFeedbackEntry,
  feedbackGroupsOf,
  filterByStatus,
  type ReviewDecision,
  readCitedChunkGroups,
  readReviewedFeedback,
  recordReviews,
  reviewInteractively,
  reviewsFileFor,
} from './feedback-review.js';
export { findDataset } from './find-dataset.js';
export { cancelJob, type FollowedJob, followJob, summarizeProgress } from './follow-job.js';
export { defaultHyperparameters, type TuneHyperparameters } from './hyperparameters.js';
export { findJob, type JobRecord, readJobs } from './jobs-store.js';
export { type LaunchJobOptions, launchJob } from './launch-job.js';
export {
  type RegisteredModel,
  readModelRegistry,
  registeredTunedModelRef,
  toModelRef,
  tunedModelGroups,
} from './model-registry.js';
export {
  type DatasetManifest,
  type PrepareDatasetOptions,
  type PreparedDataset,
  prepareDataset,
} from './prepare-dataset.js';
export { readFeedbackLog, trainingAnswerOf } from './read-feedback-log.js';
export { type RegisterResult, registerAdapter, registerHostedJob } from './register-model.js';
export {
  checkLossGate,
  compareRegression,
  lossPoints,
  pickRegressionCases,
  type RegressionReport,
  renderRegressionReport,
} from './regression.js';
export { tokenLimitFor } from './token-limits.js';
export { datasetFiles, tunePaths } from './tune-paths.js';
