import { DEMO, type EntityManager } from '@kaikukanta/kit';
import { TicketAgentClientEntity } from '../modules/network/network.entity.js';
import { OrganizationEntity } from '../modules/organization/organization.entity.js';
import type { OrganizationKind, StatisticsField, VenueType } from '../modules/organization/organization.model.js';
import { MunicipalityEntity, RegionEntity } from '../modules/region/region.entity.js';
import { seedDemoPeople } from './demo-people.seeder.js';

const R = DEMO.regions;
const O = DEMO.organizations;

const regions = [
  { id: R.uusimaa, code: 'UUSIMAA', nameFi: 'Uusimaa', nameSv: 'Nyland', nameEn: 'Uusimaa' },
  { id: R.pirkanmaa, code: 'PIRKANMAA', nameFi: 'Pirkanmaa', nameSv: 'Birkaland', nameEn: 'Pirkanmaa' },
  { id: R.ostrobothnia, code: 'POHJANMAA', nameFi: 'Pohjanmaa', nameSv: 'Österbotten', nameEn: 'Ostrobothnia' },
];

const municipalities = [
  { code: '091', nameFi: 'Helsinki', nameSv: 'Helsingfors', region: R.uusimaa },
  { code: '049', nameFi: 'Espoo', nameSv: 'Esbo', region: R.uusimaa },
  { code: '092', nameFi: 'Vantaa', nameSv: 'Vanda', region: R.uusimaa },
  { code: '837', nameFi: 'Tampere', nameSv: 'Tammerfors', region: R.pirkanmaa },
  { code: '536', nameFi: 'Nokia', nameSv: 'Nokia', region: R.pirkanmaa },
  { code: '980', nameFi: 'Ylöjärvi', nameSv: 'Ylöjärvi', region: R.pirkanmaa },
  { code: '905', nameFi: 'Vaasa', nameSv: 'Vasa', region: R.ostrobothnia },
  { code: '499', nameFi: 'Mustasaari', nameSv: 'Korsholm', region: R.ostrobothnia },
  { code: '598', nameFi: 'Pietarsaari', nameSv: 'Jakobstad', region: R.ostrobothnia },
];

type Org = { id: string; name: string; kinds: OrganizationKind[]; municipality: string; venueType?: VenueType; field?: StatisticsField };
const organizations: Org[] = [
  { id: O.helsinkiSocial, name: 'Helsingin sosiaali- ja terveyspalvelut, Kallion sosiaaliasema', kinds: ['DISTRIBUTOR'], municipality: '091' },
  { id: O.espooThirdSector, name: 'Espoon Järjestöjen Kohtaamispaikka ry', kinds: ['DISTRIBUTOR'], municipality: '049' },
  { id: O.tampereSocial, name: 'Pirkanmaan hyvinvointialue, Hervannan aikuissosiaalityö', kinds: ['DISTRIBUTOR'], municipality: '837' },
  { id: O.vaasaHealth, name: 'Pohjanmaan hyvinvointialue, Vaasan terveysasema', kinds: ['DISTRIBUTOR'], municipality: '905' },
  { id: O.kansallisteatteri, name: 'Suomen Kansallisteatteri', kinds: ['CULTURE_PROVIDER'], municipality: '091', venueType: 'THEATRE', field: 'CULTURE' },
  { id: O.ateneum, name: 'Ateneumin taidemuseo', kinds: ['CULTURE_PROVIDER'], municipality: '091', venueType: 'MUSEUM', field: 'CULTURE' },
  { id: O.tampereTheatre, name: 'Tampereen Työväen Teatteri', kinds: ['CULTURE_PROVIDER'], municipality: '837', venueType: 'THEATRE', field: 'CULTURE' },
  { id: O.tampereOpisto, name: 'Tampereen seudun työväenopisto', kinds: ['CULTURE_PROVIDER'], municipality: '837', venueType: 'ADULT_EDUCATION_CENTRE', field: 'EDUCATION' },
  { id: O.tampereSciencecentre, name: 'Tiedekeskus Vapriikki', kinds: ['CULTURE_PROVIDER'], municipality: '837', venueType: 'MUSEUM', field: 'SCIENCE' },
  { id: O.vaasaSwimmingHall, name: 'Vaasan uimahalli', kinds: ['CULTURE_PROVIDER'], municipality: '905', venueType: 'SPORT', field: 'SPORT' },
  { id: O.lippupiste, name: 'Lippupalvelu Oy', kinds: ['TICKET_AGENT'], municipality: '091' },
  { id: O.vaasaTicketAndTheatre, name: 'Vasa Stadsteater', kinds: ['CULTURE_PROVIDER', 'TICKET_AGENT'], municipality: '905', venueType: 'THEATRE', field: 'CULTURE' },
];

/** R18: who sells tickets for whom. Lippupalvelu sells for the big houses, Vasa Stadsteater for the swimming hall next door. */
const agentClients: [agent: string, provider: string][] = [
  [O.lippupiste, O.tampereTheatre],
  [O.lippupiste, O.kansallisteatteri],
  [O.lippupiste, O.tampereSciencecentre],
  [O.vaasaTicketAndTheatre, O.vaasaSwimmingHall],
];

/**
 * The demo network: three regions, their municipalities and organisations of
 * every kind. Inserts only what is missing (stable ids, ON CONFLICT DO
 * NOTHING), so a restart neither duplicates nor overwrites anything.
 */
export async function seedDemoNetwork(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    const createdAt = new Date();
    await tx
      .createQueryBuilder(RegionEntity)
      .insert(regions.map((r) => ({ ...r, createdAt })))
      .onConflict('id')
      .ignore()
      .execute();
    await tx
      .createQueryBuilder(MunicipalityEntity)
      .insert(municipalities)
      .onConflict('code')
      .ignore()
      .execute();
    await tx
      .createQueryBuilder(OrganizationEntity)
      .insert(organizations.map((o) => ({ venueType: null, field: null, active: true, createdAt, updatedAt: createdAt, ...o })))
      .onConflict('id')
      .ignore()
      .execute();
    await tx
      .createQueryBuilder(TicketAgentClientEntity)
      .insert(agentClients.map(([agent, provider]) => ({ agent, provider, createdAt })))
      .onConflict(['agent', 'provider'])
      .ignore()
      .execute();
  });
  await seedDemoPeople(em);
}
