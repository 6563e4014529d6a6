import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, type RuntimeFigures } from '../../src/metrics/metrics.js';
import { startTestNetra } from '../helpers/netra.js';

const TOKEN = 'metrics-test-token-0123456789';

describe('GET /metrics', () => {
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  beforeAll(async () => {
    server = await startTestNetra({ METRICS_TOKEN: TOKEN });
  }, 180_000);
  afterAll(async () => {
    await server.netra.stop();
  });

  const scrape = (token?: string) => fetch(`${server.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('refuses a scrape without the metrics token, or with a wrong one, with 401', async () => {
    const res = await scrape();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await scrape('wrong-token-wrong-token')).status).toBe(401);
  });

  it('reports requests by route and status, latency histograms, match decisions and the durability figures', async () => {
    await server.post('/api/ask', { text: 'bolehkah asn like postingan calon?' });
    await server.post('/api/ask', { text: 'resep rendang padang yang enak' });
    await server.post('/api/ask', '{broken');
    await fetch(`${server.url}/no-such-page/12345`);

    const res = await scrape(TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/netra_http_requests_total\{method="POST",route="\/api\/ask",status="200"\} 2/);
    expect(text).toMatch(/netra_http_requests_total\{method="POST",route="\/api\/ask",status="400"\} 1/);
    expect(text).toMatch(/netra_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(text).not.toContain('12345');
    expect(text).toMatch(/netra_http_request_duration_seconds_bucket\{le="0\.05",method="POST",route="\/api\/ask"\} \d+/);
    expect(text).toMatch(/netra_match_decisions_total\{channel="web",status="answered"\} 1/);
    expect(text).toMatch(/netra_match_decisions_total\{channel="web",status="fallback"\} 1/);
    expect(text).toMatch(/netra_query_log_queue_depth \d+/);
    expect(text).toMatch(/netra_query_log_spooled_rows 0/);
    expect(text).toMatch(/netra_database_up 1/);
    expect(text).toMatch(/netra_inbound_claims_taken_over_total 0/);
    expect(text).toMatch(/netra_inbound_claims_busy_total 0/);
    expect(text).toMatch(/netra_process_resident_memory_bytes \d+/);
  });
});

describe.each([
  ['netra_inbound_claims_taken_over_total', 'takenOver'],
  ['netra_inbound_claims_busy_total', 'busy'],
] as const)('the %s counter', (name, field) => {
  it('follows the count the inbound claims keep, as a counter', async () => {
    const figures: RuntimeFigures = {
      queryLog: { pending: 0, spooled: 0, replayed: 0, failures: 0 },
      inbound: { fallbacks: 0, duplicatesSlipped: 0, takenOver: 0, busy: 0 },
      databaseUp: true,
    };
    const { registry } = createMetrics(() => figures);
    const scrape = async () => new RegExp(`${name} (\\d+)`).exec(await registry.metrics())?.[1];
    expect(await scrape()).toBe('0');
    figures.inbound![field] = 3;
    expect(await scrape()).toBe('3');
    expect(await registry.metrics()).toContain(`# TYPE ${name} counter`);
    figures.inbound![field] = 4;
    expect(await scrape()).toBe('4');
  });
});
