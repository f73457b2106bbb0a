// The load generator, run as a second process by `zhili bench`: autocannon against 127.0.0.1 with a bounded
// duration (or a fixed number of requests), recording every response time so the parent gets exact
// median / p95 / p99. Input: a JSON file naming the request(s); output: one JSON line on stdout.
import fs from 'node:fs';
import autocannon from 'autocannon';

const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const times = [];
let next = 0;
const opts = {
  url: cfg.url,
  method: cfg.method ?? 'GET',
  headers: cfg.headers ?? {},
  body: cfg.body,
  connections: cfg.connections ?? 10,
  pipelining: 1,
  timeout: cfg.timeout ?? 60,
  ...(cfg.amount ? { amount: cfg.amount } : { duration: cfg.duration ?? 10 }),
};
if (cfg.paths) {
  // One path per request (e.g. a different event for every workflow move).
  opts.requests = [{ setupRequest: (req) => ({ ...req, path: cfg.paths[next++ % cfg.paths.length] }) }];
}
const started = Date.now();
const instance = autocannon(opts, (err, res) => {
  if (err) {
    console.log(JSON.stringify({ error: String(err) }));
    process.exit(1);
  }
  const seconds = (Date.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const q = (p) => (times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))] : null);
  console.log(
    JSON.stringify({
      requests: times.length,
      ok: res['2xx'],
      non2xx: res.non2xx,
      errors: res.errors,
      timeouts: res.timeouts,
      seconds,
      rps: res['2xx'] / Math.max(seconds, 0.001),
      median: q(0.5),
      p95: q(0.95),
      p99: q(0.99),
    }),
  );
});
instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
