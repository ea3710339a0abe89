export { COPIED_WORDING_THRESHOLD, checkDraft, copiedShare, type DraftRejection } from './check-draft.js';
export { type DraftCasesResult, draftCases } from './draft-cases.js';
export { draftExtractive } from './draft-extractive.js';
export type { CaseDraft } from './draft-types.js';
export { draftSchema, draftWithModel } from './draft-with-model.js';
export { draftsFolder, readDrafts, type StoredDraft, setDraftStatus, writeDrafts } from './drafts-file.js';
export { draftsFromFeedback } from './drafts-from-feedback.js';
export { readIndexedDocuments } from './read-indexed-documents.js';
export { samplePassages } from './sample-passages.js';
