/** `npm run docs:openapi`: writes docs/openapi.json from the routes the app declares (see scripts/openapi.ts). */
import { writeFileSync } from 'node:fs';
import { OPENAPI_FILE, renderOpenApi } from './openapi.ts';

const text = await renderOpenApi();
writeFileSync(OPENAPI_FILE, text);
const doc = JSON.parse(text) as { paths: Record<string, Record<string, unknown>> };
const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
process.stdout.write(`docs/openapi.json écrit (${operations} opérations)\n`);
