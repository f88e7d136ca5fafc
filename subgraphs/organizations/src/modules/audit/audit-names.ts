import { byKeys, type EntityManager, type Locale, type SubgraphContext } from '@kaikukanta/kit';
import { ApiKeyEntity } from '../api-key/api-key.entity.js';
import { OrganizationEntity } from '../organization/organization.entity.js';
import { MunicipalityEntity, RegionEntity, type Region } from '../region/region.entity.js';
import { SiteEntity } from '../site/site.entity.js';
import { InvitationEntity, MembershipEntity, UserEntity } from '../user/user.entity.js';
import type { AuditTargetType } from './audit.model.js';

type Named = { id: string; name: string };

/**
 * People's and things' names for audit entries, so the log reads "Role granted
 * to Uusi Jakaja (Hervannan aikuissosiaalityö)" and not a UUID. One DataLoader
 * per kind per request: a page of 200 entries costs one query per kind, not
 * one per entry. A name that no longer resolves (deleted row) is null.
 */
export class AuditNames {
  constructor(private readonly ctx: SubgraphContext) {}

  person(userId: string | null): Promise<string | null> {
    return userId ? this.#loader('User').load(userId) : Promise.resolve(null);
  }

  target(type: AuditTargetType, id: string): Promise<string | null> {
    return this.#loader(type).load(id);
  }

  #loader(type: AuditTargetType) {
    const { em, locale } = this.ctx;
    return this.ctx.loaders.get<string, string | null>(`audit-names.${type}`, async (ids) => {
      const rows = await NAMES[type](em, ids, locale);
      return byKeys(ids, rows, (row) => row.id).map((row) => row?.name ?? null);
    });
  }
}

const regionName = (region: Pick<Region, 'nameFi' | 'nameSv' | 'nameEn'>, locale: Locale) => (locale === 'sv' ? region.nameSv : locale === 'en' ? region.nameEn : region.nameFi);
const scoped = (name: string, scope: string | undefined) => (scope ? `${name} (${scope})` : name);
const uuids = (ids: readonly string[]) => ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));

const NAMES: Record<AuditTargetType, (em: EntityManager, ids: readonly string[], locale: Locale) => Promise<Named[]>> = {
  User: async (em, ids) => (await em.find(UserEntity, { id: { $in: uuids(ids) } }, { fields: ['id', 'displayName'] })).map((u) => ({ id: u.id, name: u.displayName })),
  Membership: async (em, ids, locale) =>
    (await em.find(MembershipEntity, { id: { $in: uuids(ids) } }, { populate: ['user', 'organization', 'region'] })).map((m) => ({
      id: m.id,
      name: scoped(m.user.displayName, m.organization?.name ?? (m.region ? regionName(m.region, locale) : undefined)),
    })),
  Invitation: async (em, ids, locale) =>
    (await em.find(InvitationEntity, { id: { $in: uuids(ids) } }, { populate: ['organization', 'region'] })).map((i) => ({
      id: i.id,
      name: scoped(i.email, i.organization?.name ?? (i.region ? regionName(i.region, locale) : undefined)),
    })),
  Organization: async (em, ids) => (await em.find(OrganizationEntity, { id: { $in: uuids(ids) } }, { fields: ['id', 'name'] })).map((o) => ({ id: o.id, name: o.name })),
  Site: async (em, ids) =>
    (await em.find(SiteEntity, { id: { $in: uuids(ids) } }, { populate: ['organization'] })).map((s) => ({ id: s.id, name: scoped(s.name, s.organization.name) })),
  Region: async (em, ids, locale) => (await em.find(RegionEntity, { id: { $in: uuids(ids) } })).map((r) => ({ id: r.id, name: regionName(r, locale) })),
  Municipality: async (em, ids, locale) =>
    (await em.find(MunicipalityEntity, { code: { $in: [...ids] } })).map((m) => ({ id: m.code, name: locale === 'sv' ? m.nameSv : m.nameFi })),
  ApiKey: async (em, ids) =>
    (await em.find(ApiKeyEntity, { id: { $in: uuids(ids) } }, { populate: ['organization'] })).map((k) => ({ id: k.id, name: scoped(k.name, k.organization.name) })),
};
