import { DEMO, todayInFinland, type EntityManager } from '@kaikukanta/kit';
import { BackgroundEntity } from '../modules/background/background.entity.js';
import { GENDERS, LIFE_SITUATIONS, MOTHER_TONGUES } from '../modules/background/background.model.js';
import { CardEntity, CardHistoryEntity } from '../modules/card/card.entity.js';
import { COMMUNITY_CHILD_TICKET_LIMIT, type CardKind } from '../modules/card/card.model.js';
import { addDays, lastValidDay } from '../modules/card/validity.js';
import { appendToOutbox } from '../modules/outbox/outbox.js';

const O = DEMO.organizations;
const R = DEMO.regions;
const DISTRIBUTORS = [
  { id: O.helsinkiSocial, region: R.uusimaa, postal: ['00530', '00550', '00500'] },
  { id: O.espooThirdSector, region: R.uusimaa, postal: ['02100', '02230', '02770'] },
  { id: O.tampereSocial, region: R.pirkanmaa, postal: ['33720', '33710', '33100'] },
  { id: O.vaasaHealth, region: R.ostrobothnia, postal: ['65100', '65200', '65320'] },
];

/**
 * Demo cards: 48 personal cards granted over the past year (with background
 * data, history and outbox events, as a registration makes them) and one
 * community card per distributor; two personal cards are ended or out of use
 * so every status shows. Codes are fixed (`AM9900xxxx`), and cards that exist
 * are skipped, so a restart inserts nothing twice.
 */
export async function seedDemoCards(em: EntityManager): Promise<void> {
  const today = todayInFinland();
  const codes = Array.from({ length: 52 }, (_, i) => `AM9900${String(1000 + i)}`);
  const existing = new Set((await em.find(CardEntity, { code: { $in: codes } }, { fields: ['code'] })).map((c) => c.code));
  await em.transactional(async (tx) => {
    for (const [i, code] of codes.entries()) {
      if (existing.has(code)) continue;
      const community = i >= 48;
      const distributor = DISTRIBUTORS[i % DISTRIBUTORS.length] as (typeof DISTRIBUTORS)[number];
      const grantedOn = addDays(today, -((i * 7) % 360));
      const kind: CardKind = community ? 'COMMUNITY' : 'PERSONAL';
      const minorChildren = community ? 0 : i % 4 === 0 ? 2 : i % 5 === 0 ? 1 : 0;
      const card = tx.create(CardEntity, {
        id: `0a6c1a5e-0000-4000-8000-00000001${String(i).padStart(4, '0')}`,
        code,
        kind,
        distributorId: distributor.id,
        regionId: distributor.region,
        grantedOn,
        validUntil: lastValidDay(grantedOn),
        state: 'ACTIVE',
        childTicketLimit: community ? COMMUNITY_CHILD_TICKET_LIMIT : minorChildren,
      });
      if (!community) {
        tx.create(BackgroundEntity, {
          card,
          birthYear: 1950 + ((i * 13) % 55),
          postalCode: distributor.postal[i % 3] as string,
          minorChildren,
          motherTongue: MOTHER_TONGUES[(i * 3) % 6] ?? 'NOT_TOLD',
          gender: GENDERS[i % GENDERS.length] ?? 'NOT_TOLD',
          lifeSituations: [LIFE_SITUATIONS[i % 9] ?? 'OTHER'],
        });
      }
      const history = (kind: 'REGISTERED' | 'ENDED' | 'TAKEN_OUT_OF_USE', on: string) =>
        tx.create(CardHistoryEntity, { id: crypto.randomUUID(), card, kind, effectiveOn: on, validUntil: card.validUntil, outOfUseReason: card.outOfUseReason ?? null, actorUserId: null, actorOrganizationId: distributor.id });
      history('REGISTERED', grantedOn);
      await appendToOutbox(tx, card, 'REGISTERED', grantedOn);
      if (i === 40 || i === 41) {
        const on = addDays(grantedOn, 30);
        card.state = i === 40 ? 'ENDED' : 'OUT_OF_USE';
        card.closedOn = on;
        card.outOfUseReason = i === 41 ? 'LOST' : null;
        history(i === 40 ? 'ENDED' : 'TAKEN_OUT_OF_USE', on);
        await appendToOutbox(tx, card, i === 40 ? 'ENDED' : 'TAKEN_OUT_OF_USE', on);
      }
    }
  });
}
