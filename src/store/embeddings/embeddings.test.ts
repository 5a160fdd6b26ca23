import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: embeddings cache', (variant) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  it('keeps a vector per model and text, and finds only what it keeps', async () => {
    const vectors = new Map([
      ['minha conta está bloqueada', Float32Array.of(0.25, -1.5, 3)],
      ['o computador está lento', Float32Array.of(1, 0, 0)],
    ]);
    await store.embeddings.put('modelo-a', vectors);
    const found = await store.embeddings.get('modelo-a', ['minha conta está bloqueada', 'o computador está lento', 'nunca vista']);
    expect([...found.keys()].sort()).toEqual(['minha conta está bloqueada', 'o computador está lento']);
    expect([...(found.get('minha conta está bloqueada') ?? [])]).toEqual([0.25, -1.5, 3]);
    // Another model's vectors are its own.
    expect((await store.embeddings.get('modelo-b', ['o computador está lento'])).size).toBe(0);
    expect((await store.embeddings.get('modelo-a', [])).size).toBe(0);
  });

  it('keeps the first vector of a text stored twice', async () => {
    await store.embeddings.put('m', new Map([['oi', Float32Array.of(1, 2)]]));
    await store.embeddings.put('m', new Map([['oi', Float32Array.of(9, 9)], ['tchau', Float32Array.of(3, 4)]]));
    const found = await store.embeddings.get('m', ['oi', 'tchau']);
    expect([...(found.get('oi') ?? [])]).toEqual([1, 2]);
    expect([...(found.get('tchau') ?? [])]).toEqual([3, 4]);
  });

  it('reads many texts at once', async () => {
    const many = new Map(Array.from({ length: 1_200 }, (_, i) => [`frase ${i}`, Float32Array.of(i)] as const));
    await store.embeddings.put('m', many);
    const found = await store.embeddings.get('m', [...many.keys()]);
    expect(found.size).toBe(1_200);
    expect([...(found.get('frase 1199') ?? [])]).toEqual([1199]);
  });
});
