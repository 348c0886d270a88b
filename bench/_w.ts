import { createVault } from '../src/testing/index.js';
const vault = await createVault({ rootToken: 'root' });
const req = { operation: 'update' as const, path: 'secret/data/app', token: 'root', data: { data: { api_key: 'k'.repeat(1000) } } };
for (let i = 0; i < 5000; i++) await vault.handle(req);
const t = performance.now(); const n = 30000;
for (let i = 0; i < n; i++) await vault.handle(req);
console.log(((performance.now() - t) / n * 1000).toFixed(1), 'µs a write');
