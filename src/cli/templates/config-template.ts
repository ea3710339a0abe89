/** What `knowhow init` writes: every section, commented, with the defaults spelled out. */
export const configTemplate = `# knowhow.yaml — settings for this knowledge base and its test cases.
# Every key is optional; the values shown are the defaults. Unknown keys are errors.
project: my-assistant

# Where knowhow keeps its index, eval runs and caches (relative to this file).
dataDir: .knowhow

ingest:
  # Folders or files \`knowhow ingest\` reads when given no paths.
  paths: [docs]
  include: ["**/*.{md,markdown,mdx,txt,text,html,htm,pdf,docx,json,jsonl,ndjson}"]
  exclude: ["**/node_modules/**", "**/.git/**", "**/.knowhow/**"]
  maxFileBytes: 52428800        # larger files are reported and skipped
  batchSize: 2048               # documents per index commit
  # Fields of JSON/JSONL records.
  json: { id: id, text: text, title: title, metadata: [], groups: groups }
  # Access groups by path (front matter \`groups:\` in a document wins). Unlisted documents are public.
  access: []
  # access:
  #   - match: "internal/**"
  #     groups: [staff]

index:
  engine: lancedb               # where the index lives: lancedb (embedded, under dataDir) | postgres
  # urlEnv: KNOWHOW_DATABASE_URL  # postgres: the variable holding postgres://user:password@host/db
  # schema: knowhow               # postgres: the schema holding the index's tables
  # efSearch: 400                # postgres: HNSW candidates per vector query (more: recall; fewer: speed)

chunk:
  maxTokens: 400                # passage size budget
  overlapTokens: 40             # carried over between neighbouring passages

retrieve:
  mode: bm25                    # bm25 | dense | hybrid (dense and hybrid need models.embed)
  k: 6                          # passages given to the model
  candidates: 50                # fetched per retriever before fusion/reranking
  language: english             # english | a Snowball language or ISO code (spanish, es, de, ar, el, tr…) | thai | auto (detected per document) | none

# Models per role. Without models.answer, answers are extractive (quoted passages, labelled so).
models:
  # answer:
  #   provider: openai-compatible   # openai-compatible | anthropic | llama-cpp | extractive
  #   model: gpt-4o-mini
  #   baseURL: https://api.openai.com/v1
  #   apiKeyEnv: OPENAI_API_KEY     # the variable's name, never the key
  # embed:
  #   provider: llama-cpp
  #   model: hf:user/repo/model.gguf  # or a local .gguf path
  # tuned: helpdesk-tuned         # pin a model from \`knowhow models\` (default: the newest registered)
  cache: true                   # reuse responses to identical requests

eval:
  cases: cases                  # folder of *.yaml / *.jsonl test cases
  # examples: examples/few-shot.yaml
  variants: [prompt, few-shot, rag, oracle, tuned, hybrid]
  concurrency: 4

# Your situation, for \`knowhow diagnose\` and \`knowhow advise\`.
constraints:
  knowledgeChanges: weekly      # realtime | daily | weekly | monthly | quarterly | stable
  taskType: question-answering
  latencyTargetMs: 2000
  queriesPerDay: 1000
  teamSkills: data-engineering  # data-engineering | ml-ops | both | neither
  citationsNeeded: false
  accessControlNeeded: false
`;

export const exampleCasesTemplate = `# Test cases: one list item per case. See knowhow's README for every field.
- id: example-refund-window
  question: How long do customers have to ask for a refund?
  answer: 30 days from the purchase date.
  facts: ["30 days"]
  sources: ["billing/refunds.md"]   # document ids: paths relative to the ingested folder
  format: { maxWords: 60, cite: required }
  tags: [billing]
`;
