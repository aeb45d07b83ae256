/**
 * How far imports running in this process have got, for `GET /api/imports/:id` while a large
 * file is still being read. Entries live only while their import runs.
 */
export interface ImportProgress {
  phase: 'starting' | 'reading' | 'writing';
  rows: number;
}

const running = new Map<number, ImportProgress>();

export const importProgress = {
  start(id: number) {
    running.set(id, { phase: 'starting', rows: 0 });
  },
  update(id: number, progress: ImportProgress) {
    if (running.has(id)) running.set(id, progress);
  },
  finish(id: number) {
    running.delete(id);
  },
  get(id: number): ImportProgress | null {
    return running.get(id) ?? null;
  },
};
