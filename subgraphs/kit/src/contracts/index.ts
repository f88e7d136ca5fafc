/** Read-only views subgraphs publish to each other (decision 0010), one file per owner. */
export * from './organizations.js';
export * from './cards-status-view.js';
export * from './usage-outbox.js';
export * from './cards-outbox.js';
