import { AppError, isUuid, requireActor, type Identity, type SubgraphContext } from '@kaikukanta/kit';
import { invalidReadPeriod } from './background-read.errors.js';
import { BackgroundReadRepository, type BackgroundReadRow } from './background-read.repository.js';
import { BackgroundReadType } from './background-read.type.js';

const LIST_MAX = 1000;
const PERIOD_MAX_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * M5: reads of background data (R8) leave a trace. `record` is called from
 * the background DataLoader's batch, so one response — a page of cards or a
 * single card — costs one INSERT; `list` lets the national support service
 * see who read whose data.
 */
export class BackgroundReadService {
  readonly #repo: BackgroundReadRepository;

  constructor(private readonly ctx: SubgraphContext) {
    this.#repo = new BackgroundReadRepository(ctx.em);
  }

  /** One row per card read, all in one statement; nothing of the data itself (R9). */
  async record(cardIds: readonly string[]): Promise<void> {
    const reader = readerOf(this.ctx.identity);
    const at = new Date();
    const requestId = isUuid(this.ctx.requestId) ? this.ctx.requestId : null;
    await this.#repo.append([...new Set(cardIds)].map((cardId) => ({ ...reader, at, requestId, cardId })));
  }

  /** National admins only: reads in [since, until) (default until now, at most 366 days), newest first. */
  async list(options: { since: Date; until: Date | null; cardId: string | null; limit: number }): Promise<BackgroundReadType[]> {
    requireActor(this.ctx.identity, { roles: ['NATIONAL_ADMIN'] });
    const until = options.until ?? new Date();
    if (options.since >= until || until.getTime() - options.since.getTime() > PERIOD_MAX_MS) throw invalidReadPeriod();
    if (options.cardId && !isUuid(options.cardId)) return [];
    const rows = await this.#repo.list({
      since: options.since,
      until,
      ...(options.cardId ? { cardId: options.cardId } : {}),
      limit: Math.min(Math.max(options.limit, 1), LIST_MAX),
    });
    return rows.map(BackgroundReadType.from);
  }
}

/** Who is reading: the person and the membership they act in, or the partner key and its organisation. */
function readerOf(identity: Identity): Omit<BackgroundReadRow, 'at' | 'requestId' | 'cardId'> {
  if (identity.kind === 'user') {
    const membership = identity.membership;
    return {
      readerKind: 'USER',
      userId: identity.userId,
      apiKeyId: null,
      organizationId: membership?.organizationId ?? null,
      regionId: membership?.regionId ?? null,
      role: membership?.role ?? null,
    };
  }
  if (identity.kind === 'apiKey') {
    return { readerKind: 'API_KEY', userId: null, apiKeyId: identity.apiKeyId, organizationId: identity.organizationId, regionId: identity.regionId ?? null, role: null };
  }
  // Unreachable behind canManage; an anonymous read must not happen untraced.
  throw new AppError('FORBIDDEN');
}
