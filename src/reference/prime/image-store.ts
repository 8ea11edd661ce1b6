/** The two visibilities of the spec's `ImageVisibilityEnum`. */
export type Visibility = 'PRIVATE' | 'PUBLIC';
/** `ImageBuildArtifactTypeEnum`. */
export type ArtifactType = 'CONTAINER_IMAGE' | 'VM_SANDBOX';
/** `ImageBuildStatusEnum`. */
export type BuildStatus = 'PENDING' | 'UPLOADING' | 'BUILDING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

/** Where an image lives: one user's personal context or one team's context. */
export type ImageContext =
  | { readonly kind: 'personal'; readonly userId: string }
  | { readonly kind: 'team'; readonly teamId: string };

/** One stored artifact row; a logical image name:tag has one row per artifact type. */
export interface ImageRow {
  readonly id: string;
  readonly context: ImageContext;
  readonly imageName: string;
  readonly imageTag: string;
  readonly artifactType: ArtifactType;
  readonly status: BuildStatus;
  readonly fullImagePath: string | null;
  readonly errorMessage: string | null;
  readonly sizeBytes: number | null;
  visibility: Visibility;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly pushedAt: string | null;
}

/** True when both name the same personal or team context. */
export function sameContext(a: ImageContext, b: ImageContext): boolean {
  if (a.kind === 'personal') return b.kind === 'personal' && a.userId === b.userId;
  return b.kind === 'team' && a.teamId === b.teamId;
}

/** The in-memory image table of one Prime server, in insertion (seed) order. */
export class ImageStore {
  #rows: ImageRow[];

  constructor(rows: readonly ImageRow[]) {
    this.#rows = [...rows];
  }

  /** Every row, in store order. */
  all(): readonly ImageRow[] {
    return this.#rows;
  }

  /** The artifact rows of name:tag in one context (empty when there is no such image). */
  find(context: ImageContext, imageName: string, imageTag: string): ImageRow[] {
    return this.#rows.filter(
      (row) => row.imageName === imageName && row.imageTag === imageTag && sameContext(row.context, context),
    );
  }

  /** The artifact rows of name:tag in every context, grouped by context in store order. */
  findAnywhere(imageName: string, imageTag: string): ImageRow[] {
    return this.#rows.filter((row) => row.imageName === imageName && row.imageTag === imageTag);
  }

  /** Removes the given rows. */
  remove(rows: readonly ImageRow[]): void {
    const gone = new Set(rows);
    this.#rows = this.#rows.filter((row) => !gone.has(row));
  }
}
