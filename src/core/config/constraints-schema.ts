import { z } from 'zod';

/**
 * knowhow.yaml's `constraints:` section, in a file of its own so that `knowhow advise`, which
 * needs only this section, does not build the whole config schema at start-up (schema.ts took
 * ~65 ms of CPU there: 2026-12-05, --cpu-prof of `knowhow advise --json`).
 */
export const constraintsSchema = z.strictObject({
  knowledgeChanges: z
    .enum(['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'stable'])
    .default('weekly'),
  taskType: z
    .enum([
      'question-answering',
      'search',
      'document-synthesis',
      'classification',
      'extraction',
      'format-compliance',
      'tone-persona',
      'code-house-style',
    ])
    .default('question-answering'),
  latencyTargetMs: z.number().int().positive().default(2000),
  queriesPerDay: z.number().int().min(0).default(1000),
  monthlyBudget: z.number().min(0).optional(),
  trainingRunBudget: z.number().min(0).optional(),
  teamSkills: z.enum(['data-engineering', 'ml-ops', 'both', 'neither']).default('data-engineering'),
  trainingExamples: z.number().int().min(0).optional(),
  citationsNeeded: z.boolean().default(false),
  accessControlNeeded: z.boolean().default(false),
});

export type ConstraintsConfig = z.infer<typeof constraintsSchema>;
