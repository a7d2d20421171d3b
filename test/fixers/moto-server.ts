/** Moved to test/e2e/support/moto-server.ts (one moto starter for every tier); kept for its importers. */
export { startMoto, type Moto } from '../e2e/support/moto-server.js';
