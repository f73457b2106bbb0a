import { describe, expect, it } from 'vitest';
import { humanizeInstants } from './text.ts';

describe('humanizeInstants', () => {
  it('shows ISO instants inside a note in Shanghai time and leaves the rest alone', () => {
    expect(humanizeInstants('核查环节超期（时限至 2022-01-06T15:59:59.999Z）')).toBe('核查环节超期（时限至 2022-01-06 23:59）');
    expect(humanizeInstants('新的处置时限：2024-03-01T16:30:00+00:00')).toBe('新的处置时限：2024-03-02 00:30');
    expect(humanizeInstants('上报于 2024-03-01，编号 SJ00000001')).toBe('上报于 2024-03-01，编号 SJ00000001');
  });
});
