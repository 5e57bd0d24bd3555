import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import * as http from 'node:http';
import { blockedConnections, installNetGuard, resetBlocked } from '../../src/engine/netGuard';

test('the engine refuses non-loopback sockets and allows loopback', async () => {
  installNetGuard();
  resetBlocked();
  // non-loopback: blocked before any packet leaves (an RFC 5737 documentation address)
  const err = await new Promise<Error>((resolve) => {
    const s = net.connect({ host: '192.0.2.1', port: 80 });
    s.on('error', resolve);
  });
  assert.match(err.message, /Model Lens blocks network access \(192\.0\.2\.1:80\)/);
  const herr = await new Promise<Error>((resolve) => {
    http.get('http://203.0.113.5:8080/x', () => {}).on('error', resolve);
  });
  assert.match(herr.message, /blocks network access/);
  assert.deepEqual([...blockedConnections()], ['192.0.2.1:80', '203.0.113.5:8080']);
  // loopback still works
  const server = net.createServer((c) => c.end('hi')).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as net.AddressInfo).port;
  const got = await new Promise<string>((resolve, reject) => {
    const c = net.connect({ host: '127.0.0.1', port });
    let d = '';
    c.on('data', (x) => (d += x)).on('end', () => resolve(d)).on('error', reject);
  });
  server.close();
  assert.equal(got, 'hi');
  assert.equal(blockedConnections().length, 2);
});
