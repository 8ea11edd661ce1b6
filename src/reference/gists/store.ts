import { randomBytes } from 'node:crypto';

/** A file of a gist. */
export interface GistFile {
  readonly filename: string;
  readonly content: string;
}

/** A gist as the server keeps it. */
export interface Gist {
  readonly id: string;
  readonly ownerId: number;
  readonly public: boolean;
  description: string | null;
  files: Map<string, GistFile>;
  readonly createdAt: string;
  updatedAt: string;
  /** Creation order, to sort newest first when two share a timestamp. */
  readonly sequence: number;
}

/** The gists in memory; ids are 32 hex digits, as GitHub's. */
export class GistStore {
  readonly #gists = new Map<string, Gist>();
  #sequence = 0;
  #clock = Date.parse('2026-01-01T00:00:00Z');

  /** Strictly increasing timestamps, so newest-first is a total order even within one millisecond. */
  #now(): string {
    this.#clock = Math.max(this.#clock + 1000, Date.now() - (Date.now() % 1000));
    return new Date(this.#clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  create(ownerId: number, isPublic: boolean, description: string | null, files: readonly GistFile[]): Gist {
    const now = this.#now();
    const gist: Gist = {
      id: randomBytes(16).toString('hex'),
      ownerId,
      public: isPublic,
      description,
      files: new Map(files.map((file) => [file.filename, file])),
      createdAt: now,
      updatedAt: now,
      sequence: (this.#sequence += 1),
    };
    this.#gists.set(gist.id, gist);
    return gist;
  }

  get(id: string): Gist | undefined {
    return this.#gists.get(id);
  }

  touch(gist: Gist): void {
    gist.updatedAt = this.#now();
  }

  delete(id: string): boolean {
    return this.#gists.delete(id);
  }

  /** Every gist, newest first. */
  all(): Gist[] {
    return [...this.#gists.values()].sort((a, b) => b.sequence - a.sequence);
  }
}
