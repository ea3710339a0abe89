import { describe, expect, it } from 'vitest';
import { checkLoraFit, describeLoraFitProblems } from './check-lora-fit.js';

const tensor = (name: string, ...dimensions: number[]) => ({ name, dimensions });
const base = [
  tensor('token_embd.weight', 64, 100),
  tensor('output.weight', 64, 100),
  tensor('blk.0.attn_q.weight', 64, 64),
  tensor('blk.0.attn_norm.weight', 64),
];

describe('checkLoraFit (llama.cpp’s adapter rules, before any weights load)', () => {
  it('accepts pairs that fit, the flipped token-embedding pair and skipped norm vectors', () => {
    expect(
      checkLoraFit({
        baseTensors: base,
        adapterTensors: [
          tensor('blk.0.attn_q.weight.lora_a', 64, 8),
          tensor('blk.0.attn_q.weight.lora_b', 8, 64),
          tensor('token_embd.weight.lora_a', 8, 100),
          tensor('token_embd.weight.lora_b', 8, 64),
          tensor('blk.0.attn_norm.weight', 64),
        ],
      }),
    ).toEqual([]);
  });

  it('names each tensor that does not fit, with the reason', () => {
    const problems = checkLoraFit({
      baseTensors: base,
      adapterTensors: [
        tensor('blk.0.attn_q.weight.lora_a', 64, 8),
        tensor('blk.0.attn_q.weight.lora_b', 4, 64),
        tensor('token_embd.weight.lora_a', 8, 120),
        tensor('token_embd.weight.lora_b', 8, 64),
        tensor('blk.1.attn_q.weight.lora_a', 64, 8),
        tensor('blk.0.attn_k.weight.lora_a', 64, 8),
        tensor('blk.0.attn_k.weight', 64, 64),
      ],
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      'adapter tensor blk.0.attn_k.weight is neither a .lora_a nor a .lora_b tensor',
      "tensor blk.0.attn_q.weight: lora_a (64 × 8) and lora_b (4 × 64) disagree on the rank; the adapter is not in llama.cpp's layout",
      "tensor token_embd.weight is for a vocabulary of 120 tokens, the base model's has 100 (a different tokenizer)",
      'tensor blk.1.attn_q.weight has a lora_a but no lora_b',
      'tensor blk.0.attn_k.weight has a lora_a but no lora_b',
    ]);
    expect(problems[2]?.vocabulary).toBe(true);
    expect(describeLoraFitProblems(problems)).toContain('(and 4 more tensors)');
  });
});
