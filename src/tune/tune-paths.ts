import path from 'node:path';

/** Where the tune stage keeps its files under the data dir (`.knowhow/` by default). */
export const tunePaths = {
  root: (dataDir: string) => path.join(dataDir, 'tune'),
  dataset: (dataDir: string, datasetId: string) => path.join(dataDir, 'tune', datasetId),
  jobs: (dataDir: string) => path.join(dataDir, 'tune', 'jobs.json'),
  /** Output of local training runs: one folder per job. */
  localJob: (dataDir: string, jobId: string) => path.join(dataDir, 'tune', 'local-jobs', jobId),
  models: (dataDir: string) => path.join(dataDir, 'models.json'),
};

/** The files `tune prepare` writes into a dataset folder. */
export const datasetFiles = {
  train: 'train.jsonl',
  validation: 'validation.jsonl',
  dataCardJson: 'data-card.json',
  dataCardMarkdown: 'data-card.md',
  openai: 'openai.jsonl',
  openaiValidation: 'openai-validation.jsonl',
  together: 'together.jsonl',
  togetherValidation: 'together-validation.jsonl',
  axolotl: 'axolotl.yaml',
  trainScript: 'train_lora.py',
  trainConfig: 'train_config.json',
  chatTemplate: 'chat_template.jinja',
  manifest: 'manifest.json',
} as const;
