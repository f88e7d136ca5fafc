/**
 * Stable ids of the demo network, shared by every subgraph's demo seed so the
 * cards and events they seed point at organisations that exist. Seeds use
 * them with `ON CONFLICT DO NOTHING`, which keeps a restart from duplicating
 * anything.
 */
export const DEMO = {
  regions: {
    uusimaa: '0a6c1a5e-0000-4000-8000-000000000001',
    pirkanmaa: '0a6c1a5e-0000-4000-8000-000000000002',
    ostrobothnia: '0a6c1a5e-0000-4000-8000-000000000003',
  },
  organizations: {
    helsinkiSocial: '0a6c1a5e-0000-4000-8000-000000000101',
    espooThirdSector: '0a6c1a5e-0000-4000-8000-000000000102',
    tampereSocial: '0a6c1a5e-0000-4000-8000-000000000103',
    vaasaHealth: '0a6c1a5e-0000-4000-8000-000000000104',
    kansallisteatteri: '0a6c1a5e-0000-4000-8000-000000000201',
    ateneum: '0a6c1a5e-0000-4000-8000-000000000202',
    tampereTheatre: '0a6c1a5e-0000-4000-8000-000000000203',
    tampereOpisto: '0a6c1a5e-0000-4000-8000-000000000204',
    vaasaSwimmingHall: '0a6c1a5e-0000-4000-8000-000000000205',
    tampereSciencecentre: '0a6c1a5e-0000-4000-8000-000000000206',
    lippupiste: '0a6c1a5e-0000-4000-8000-000000000301',
    vaasaTicketAndTheatre: '0a6c1a5e-0000-4000-8000-000000000302',
  },
  users: {
    admin: '0a6c1a5e-0000-4000-8000-000000000401',
    pirkanmaaAdmin: '0a6c1a5e-0000-4000-8000-000000000402',
    tampereDistributor: '0a6c1a5e-0000-4000-8000-000000000403',
    tampereTheatre: '0a6c1a5e-0000-4000-8000-000000000404',
    ticketAgent: '0a6c1a5e-0000-4000-8000-000000000405',
    analyst: '0a6c1a5e-0000-4000-8000-000000000406',
    multi: '0a6c1a5e-0000-4000-8000-000000000407',
    uusimaaAdmin: '0a6c1a5e-0000-4000-8000-000000000408',
    cultureOfficer: '0a6c1a5e-0000-4000-8000-000000000409',
  },
  /** The password of every demo account (README "Demo accounts"). Demo data only — never in production. */
  password: 'Kaikukortti-demo-2026',
  /** A partner key for the demo ticket agent's ticketing system. */
  apiKey: 'kk_demo0001_kaikukanta-demo-partner-key-not-for-product',
} as const;
