import { DEMO, type EntityManager } from '@kaikukanta/kit';
import { ApiKeyEntity } from '../modules/api-key/api-key.entity.js';
import { tokenHash } from '../modules/session/tokens.js';
import { hashPassword } from '../modules/user/password.js';
import { MembershipEntity, UserEntity } from '../modules/user/user.entity.js';
import type { Role } from '../modules/user/user.model.js';

const U = DEMO.users;
const O = DEMO.organizations;
const R = DEMO.regions;

type Grant = { role: Role; organization?: string; region?: string; municipality?: string };
const PEOPLE: { id: string; email: string; displayName: string; grants: Grant[] }[] = [
  { id: U.admin, email: 'admin@kaikukanta.demo', displayName: 'Kansallinen tukipalvelu', grants: [{ role: 'NATIONAL_ADMIN' }] },
  { id: U.pirkanmaaAdmin, email: 'vastuuhenkilo.pirkanmaa@kaikukanta.demo', displayName: 'Pirkanmaan vastuuhenkilö', grants: [{ role: 'REGION_ADMIN', region: R.pirkanmaa }] },
  { id: U.uusimaaAdmin, email: 'vastuuhenkilo.uusimaa@kaikukanta.demo', displayName: 'Uudenmaan vastuuhenkilö', grants: [{ role: 'REGION_ADMIN', region: R.uusimaa }] },
  { id: U.tampereDistributor, email: 'jakaja.tampere@kaikukanta.demo', displayName: 'Hervannan sosiaalityö', grants: [{ role: 'DISTRIBUTOR', organization: O.tampereSocial }] },
  { id: U.tampereTheatre, email: 'lipputoimisto.ttt@kaikukanta.demo', displayName: 'TTT:n lipputoimisto', grants: [{ role: 'CULTURE_PROVIDER', organization: O.tampereTheatre }] },
  { id: U.ticketAgent, email: 'lipunvalitys@kaikukanta.demo', displayName: 'Lippupalvelu', grants: [{ role: 'TICKET_AGENT', organization: O.lippupiste }] },
  { id: U.analyst, email: 'analyytikko@kaikukanta.demo', displayName: 'Tilastoanalyytikko', grants: [{ role: 'ANALYST' }] },
  {
    id: U.multi,
    email: 'monirooli@kaikukanta.demo',
    displayName: 'Kaksi roolia',
    grants: [
      { role: 'DISTRIBUTOR', organization: O.helsinkiSocial },
      { role: 'CULTURE_PROVIDER', organization: O.ateneum },
    ],
  },
  // A culture officer acts for the providers of their municipality (decision 0022): Tampere (837), in Pirkanmaa.
  {
    id: U.cultureOfficer,
    email: 'kulttuurivastaava.tampere@kaikukanta.demo',
    displayName: 'Tampereen kulttuurivastaava',
    grants: [{ role: 'CULTURE_OFFICER', region: R.pirkanmaa, municipality: '837' }],
  },
];

/**
 * Demo accounts for every role (README "Demo accounts") and a partner key
 * for the demo ticket agent. Only missing accounts are created, so a restart
 * neither duplicates them nor resets a password someone changed.
 */
export async function seedDemoPeople(em: EntityManager): Promise<void> {
  const existing = new Set((await em.find(UserEntity, { id: { $in: PEOPLE.map((p) => p.id) } }, { fields: ['id'] })).map((u) => u.id));
  const missing = PEOPLE.filter((person) => !existing.has(person.id));
  await em.transactional(async (tx) => {
    for (const person of missing) {
      // Membership ids follow the person's place in PEOPLE (new people go last), so a later start that adds one
      // cannot reuse an id an earlier start gave someone else.
      const index = PEOPLE.indexOf(person);
      const now = new Date();
      const user = tx.create(UserEntity, { id: person.id, email: person.email, displayName: person.displayName, passwordHash: await hashPassword(DEMO.password), active: true, createdAt: now, passwordChangedAt: now });
      person.grants.forEach((grant, g) =>
        tx.create(MembershipEntity, {
          id: `${person.id.slice(0, 24)}${String(500 + index * 10 + g).padStart(12, '0')}`,
          user,
          role: grant.role,
          organization: grant.organization ?? null,
          region: grant.region ?? null,
          municipality: grant.municipality ?? null,
          grantedBy: U.admin,
          createdAt: now,
        }),
      );
    }
    if (!(await tx.count(ApiKeyEntity, { prefix: 'demo0001' }))) {
      tx.create(ApiKeyEntity, {
        id: '0a6c1a5e-0000-4000-8000-000000000601',
        organization: O.lippupiste,
        name: 'Lippupalvelu – demo partner system',
        prefix: 'demo0001',
        secretHash: tokenHash(DEMO.apiKey),
        scopes: ['CARD_STATUS_READ', 'USAGE_WRITE'],
        createdBy: U.ticketAgent,
        createdAt: new Date(),
      });
    }
  });
}
