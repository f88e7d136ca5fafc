import { AppError, requireActor, type EntityManager, type SubgraphContext, isUuid } from '@kaikukanta/kit';
import { recordAudit } from '../audit/audit.service.js';
import { OrganizationEntity } from '../organization/organization.entity.js';
import { regionChangeRefused } from '../organization/organization.errors.js';
import { MembershipEntity } from '../user/user.entity.js';
import { requiredText } from '../user/user.errors.js';
import { MunicipalityEntity, RegionEntity, type Region } from './region.entity.js';
import { invalidMunicipalityCode, invalidRegionCode, regionCodeTaken } from './region.errors.js';
import type { MunicipalityInput, RegionInput } from './region.input.js';
import { MunicipalityType, RegionType } from './region.type.js';

const REGION_CODE = /^[A-Z0-9_]{2,40}$/;
const MUNICIPALITY_CODE = /^\d{3}$/;

/** The national support service manages the regions and which municipalities belong to them (DOMAIN "People and roles"). */
export class RegionAdminService {
  constructor(private readonly ctx: SubgraphContext) {}

  async create(input: RegionInput): Promise<RegionType> {
    const actor = requireActor(this.ctx.identity, { roles: ['NATIONAL_ADMIN'] });
    return this.ctx.em.transactional(async (em) => {
      const values = await validateRegion(em, input, null);
      const region = em.create(RegionEntity, { id: crypto.randomUUID(), ...values, createdAt: new Date() });
      recordAudit(em, { actorUserId: actor.userId, action: 'REGION_CREATED', targetType: 'Region', targetId: region.id, regionId: region.id, details: { code: values.code } });
      await em.flush();
      return RegionType.from(region);
    });
  }

  async update(id: string, input: RegionInput): Promise<RegionType> {
    const actor = requireActor(this.ctx.identity, { roles: ['NATIONAL_ADMIN'] });
    return this.ctx.em.transactional(async (em) => {
      const region = isUuid(id) ? await em.findOne(RegionEntity, { id }) : null;
      if (!region) throw new AppError('NOT_FOUND');
      em.assign(region, await validateRegion(em, input, region));
      recordAudit(em, { actorUserId: actor.userId, action: 'REGION_UPDATED', targetType: 'Region', targetId: region.id, regionId: region.id });
      await em.flush();
      return RegionType.from(region);
    });
  }

  /** Adds a municipality, renames it, or moves one without organisations to another region. */
  async saveMunicipality(input: MunicipalityInput): Promise<MunicipalityType> {
    const actor = requireActor(this.ctx.identity, { roles: ['NATIONAL_ADMIN'] });
    return this.ctx.em.transactional(async (em) => {
      const code = input.code.trim();
      if (!MUNICIPALITY_CODE.test(code)) throw invalidMunicipalityCode();
      const nameFi = requiredText('nameFi', input.nameFi, 200);
      const nameSv = requiredText('nameSv', input.nameSv, 200);
      const region = isUuid(input.regionId) ? await em.findOne(RegionEntity, { id: input.regionId }) : null;
      if (!region) throw new AppError('NOT_FOUND', { details: { field: 'regionId' } });
      const existing = await em.findOne(MunicipalityEntity, { code });
      const previousRegionId = existing?.region.id ?? null;
      // Cards carry their organisation's region: a municipality with organisations stays where it is (see regionChangeRefused).
      if (existing && previousRegionId !== region.id && (await em.count(OrganizationEntity, { municipality: existing }))) throw regionChangeRefused('regionId');
      // Nor one with culture officers: their membership's region must stay the municipality's (decision 0022).
      if (existing && previousRegionId !== region.id && (await em.count(MembershipEntity, { municipality: existing, revokedAt: null }))) throw regionChangeRefused('regionId');
      const municipality = existing ?? em.create(MunicipalityEntity, { code, nameFi, nameSv, region });
      em.assign(municipality, { nameFi, nameSv, region });
      recordAudit(em, { actorUserId: actor.userId, action: 'MUNICIPALITY_SAVED', targetType: 'Municipality', targetId: code, regionId: region.id, details: { previousRegionId } });
      await em.flush();
      return MunicipalityType.from(municipality);
    });
  }
}

async function validateRegion(em: EntityManager, input: RegionInput, current: Region | null) {
  const code = input.code.trim().toUpperCase();
  if (!REGION_CODE.test(code)) throw invalidRegionCode();
  const values = {
    code,
    nameFi: requiredText('nameFi', input.nameFi, 200),
    nameSv: requiredText('nameSv', input.nameSv, 200),
    nameEn: requiredText('nameEn', input.nameEn, 200),
  };
  if (await em.count(RegionEntity, { code, ...(current ? { id: { $ne: current.id } } : {}) })) throw regionCodeTaken();
  return values;
}
