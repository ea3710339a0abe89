/** A drafted test case before review: what `knowhow cases draft` writes to cases/drafts/. */
export interface CaseDraft {
  id: string;
  question: string;
  /** Absent for a down-rated answer nobody corrected: the reviewer writes it. */
  answer?: string;
  facts: string[];
  /** Document ids (the passage's document). */
  sources: string[];
  /** The passage's groups: a restricted document's case is asked by a reader of its groups. */
  user: { groups: string[] };
  tags: string[];
  status: 'draft';
  /** `extractive`, `model:<provider>/<model>`, or `feedback`. */
  drafter: string;
  /** Chunk id the draft was made from (absent for drafts from feedback). */
  passage?: string;
  /** Drafts from feedback: the feedback entry's id. */
  feedback?: string;
}
