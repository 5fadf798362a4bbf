// The cluster tier's setup file (jest.cluster.config.js): every test file
// starts on a whole cluster, its server and PostgreSQL running, whatever a
// fault test before it stopped (the Temporal restart test ends with the
// server stopped, as it ends with its own dev server stopped elsewhere).
import { clusterControl } from './cluster-control';

beforeAll(async () => {
  const cluster = clusterControl();
  if (!cluster) return;
  await cluster.startPostgres();
  await cluster.startServer();
}, 180_000);
