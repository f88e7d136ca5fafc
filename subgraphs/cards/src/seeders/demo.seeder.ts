import { addDays, DEMO, todayInFinland, type EntityManager } from '@kaikukanta/kit';
import { CardEntity } from '../modules/card/card.entity.js';
import type { CardKind } from '../modules/card/card.model.js';

const O = DEMO.organizations;
const DISTRIBUTORS = [O.helsinkiSocial, O.espooThirdSector, O.tampereSocial, O.vaasaHealth];

/**
 * Demo cards: 48 personal cards granted over the past year and one community
 * card per distributor. Codes are fixed (`AM9900xxxx`), so the unique code
 * makes a restart insert nothing twice.
 */
export async function seedDemoCards(em: EntityManager): Promise<void> {
  const today = todayInFinland();
  const rows = Array.from({ length: 52 }, (_, i) => {
    const community = i >= 48;
    const grantedOn = addDays(today, -((i * 7) % 330));
    return {
      id: `0a6c1a5e-0000-4000-8000-00000001${String(i).padStart(4, '0')}`,
      code: `AM9900${String(1000 + i).padStart(4, '0')}`,
      kind: (community ? 'COMMUNITY' : 'PERSONAL') as CardKind,
      distributorId: DISTRIBUTORS[i % DISTRIBUTORS.length] as string,
      grantedOn,
      validUntil: addDays(grantedOn, 365),
      state: 'ACTIVE' as const,
      createdAt: new Date(),
    };
  });
  await em.createQueryBuilder(CardEntity).insert(rows).onConflict('code').ignore().execute();
}
