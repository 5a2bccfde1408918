import { createMemoryStore } from '../../server/store/memory.ts';
import { describeStoreContract } from './contract.ts';

describeStoreContract('memory', async () => ({ store: createMemoryStore() }));
