// Checks deploy/: every object in deploy/kubernetes against the Kubernetes schemas (kubernetes-models: the
// OpenAPI schemas of the API server, compiled to validators), the gateway's settings in them against the fixed
// configuration keys, and deploy/docker-compose.yml and deploy/nginx/nginx.conf for their structure.
// Usage: node validate-manifests.mjs [deploy directory]. Prints one JSON line {objects, problems}; exit code 1 when
// there is any problem.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const deploy = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'deploy'));
const kubernetesDirectory = path.join(deploy, 'kubernetes');
const problems = [];
const objects = [];

// The configuration keys the gateway reads (issue 14 and the README), in environment-variable form.
const name = '[A-Za-z0-9][A-Za-z0-9_.-]*';
const index = '[0-9]+';
const allowedSettings = [
  `ChatGrpc__Auth__Users__${name}`,
  `ChatGrpc__Providers__${name}__(Kind|BaseUrl|ApiKey|ApiVersion|Timeout|FirstChunkTimeout|MaxConcurrentCalls|QueueLength|MaxResponseBytes|MaxEventBytes)`,
  `ChatGrpc__Providers__${name}__Headers__${name}`,
  `ChatGrpc__Models__${index}__Name`,
  `ChatGrpc__Models__${index}__Deployments__${index}__(Provider|Model|Weight)`,
  `ChatGrpc__Models__${index}__Fallbacks__${index}`,
  `ChatGrpc__Access__Default__Models__${index}`,
  `ChatGrpc__Access__Users__${name}__Models__${index}`,
  `ChatGrpc__Access__(Default|Users__${name})__(RequestsPerMinute|TokensPerMinute|TokensPerDay)`,
  'ChatGrpc__Access__Store',
  'ChatGrpc__Access__RedisFailure',
  'ChatGrpc__Access__(DefaultCompletionTokenReservation|RedisKeyPrefix|SignInHashKey)',
  `ChatGrpc__ConfigurationDirectories__${index}`,
  'DOTNET_USE_POLLING_FILE_WATCHER',
  'ChatGrpc__Limits__(MaxConcurrentCalls|QueueLength|StalledClientTimeout|MaxConnections|ReservedFileDescriptors)',
  'ChatGrpc__Logging__(RecordsPerInterval|Interval)',
  'ChatGrpc__Development__Enabled',
  'ChatGrpc__Telemetry__(PrometheusEnabled|PrometheusAllowAnonymous)',
  'ConnectionStrings__Redis',
  'ConnectionStrings__Usage',
  'ChatGrpc__Usage__(Store|SqlitePath|RetentionDays|BufferCapacity|BatchSize)',
  `ChatGrpc__Models__${index}__(Deployments__${index}__)?Price__(InputPerMillionTokens|OutputPerMillionTokens|CachedInputPerMillionTokens)`,
  `ChatGrpc__Access__(Default|Users__${name})__(SpendPerDay|SpendPerMonth)`,
  'HostOptions__ShutdownTimeout',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'ASPNETCORE_ENVIRONMENT',
  'DOTNET_gcServer',
].map((pattern) => new RegExp(`^(${pattern})$`));

function checkSetting(where, key) {
  if (!allowedSettings.some((pattern) => pattern.test(key))) {
    problems.push(`${where}: ${key} is not one of the gateway's configuration keys`);
  }
}

function fail(where, message) {
  problems.push(`${where}: ${message}`);
}

// --- Kubernetes: every document of every YAML file, validated against its kind's schema. ---
const models = {};
async function modelFor(apiVersion, kind) {
  const module = `kubernetes-models/${apiVersion}`;
  models[module] ??= await import(module).catch(() => null);
  return models[module]?.[kind];
}

const yamlFiles = readdirSync(kubernetesDirectory).filter((file) => /\.ya?ml$/.test(file)).sort();
if (yamlFiles.length === 0) {
  fail(kubernetesDirectory, 'no YAML files');
}

const byKind = {};
let kustomization = null;
for (const file of yamlFiles) {
  const documents = parseAllDocuments(readFileSync(path.join(kubernetesDirectory, file), 'utf8'));
  for (const [position, document] of documents.entries()) {
    const where = `${file}#${position}`;
    if (document.errors.length > 0) {
      document.errors.forEach((error) => fail(where, `YAML: ${error.message}`));
      continue;
    }

    const object = document.toJS();
    if (object === null || object === undefined) {
      continue;
    }

    if (object.kind === 'Kustomization') {
      kustomization = { file, object };
      continue;
    }

    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      fail(where, 'not a Kubernetes object (apiVersion and kind)');
      continue;
    }

    const Model = await modelFor(object.apiVersion, object.kind);
    if (!Model) {
      fail(where, `unknown kind ${object.apiVersion} ${object.kind}`);
      continue;
    }

    try {
      new Model(object).validate();
    } catch (error) {
      const details = (error.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
      fail(where, `${object.kind} ${object.metadata?.name}: ${details.length > 0 ? details.join('; ') : error.message}`);
      continue;
    }

    if (object.metadata?.namespace !== undefined) {
      fail(where, 'names a namespace: the manifests are namespace-agnostic');
    }

    objects.push({ file, kind: object.kind, name: object.metadata?.name });
    (byKind[object.kind] ??= []).push({ where, object });
  }
}

// kustomization.yaml lists every other file, so `kubectl apply -k` applies all of them.
if (!kustomization) {
  fail('kustomization.yaml', 'missing');
} else {
  const listed = new Set(kustomization.object.resources ?? []);
  for (const file of yamlFiles.filter((f) => f !== kustomization.file)) {
    if (!listed.has(file)) fail(kustomization.file, `does not list ${file}`);
  }
  for (const file of listed) {
    if (!existsSync(path.join(kubernetesDirectory, file))) fail(kustomization.file, `lists ${file}, which does not exist`);
  }
}

const one = (kind, predicate = () => true) => (byKind[kind] ?? []).filter(({ object }) => predicate(object));
const gatewayDeployments = one('Deployment', (d) => d.spec.template.spec.containers.some((c) => /^chatgrpc(:|$)/.test(c.image)));
const configMaps = one('ConfigMap');
// The gateway's own Secrets; a database's (postgres.yaml's password) is read by its own StatefulSet.
const secrets = one('Secret', (s) => s.metadata.labels?.['app.kubernetes.io/name'] !== 'postgres');
const postgresSecrets = one('Secret', (s) => s.metadata.labels?.['app.kubernetes.io/name'] === 'postgres');

for (const { where, object } of configMaps) {
  Object.keys(object.data ?? {}).forEach((key) => checkSetting(where, key));
}
for (const { where, object } of secrets) {
  Object.keys({ ...object.data, ...object.stringData }).forEach((key) => checkSetting(where, key));
}

// A user's value must be a well-formed hash, or the gateway refuses to start (placeholders included).
function checkPasswordHash(where, key, value) {
  const parts = String(value).replaceAll('$$', '$').split('$');
  const bytes = (text) => (/^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64').length : -1);
  if (parts.length !== 4 || parts[0] !== 'pbkdf2-sha256' || !/^[1-9][0-9]*$/.test(parts[1]) || bytes(parts[2]) < 16 || bytes(parts[3]) !== 32) {
    fail(where, `${key} is not a password hash pbkdf2-sha256$<iterations>$<salt base64, 16+ bytes>$<key base64, 32 bytes>`);
  }
}
for (const { where, object } of secrets) {
  const values = { ...Object.fromEntries(Object.entries(object.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])), ...object.stringData };
  Object.entries(values).filter(([key]) => key.startsWith('ChatGrpc__Auth__Users__')).forEach(([key, value]) => checkPasswordHash(where, key, value));
}

const configuration = Object.assign({}, ...configMaps.map(({ object }) => object.data ?? {}));
if (configuration.ChatGrpc__Access__Store !== 'Redis') fail('ConfigMap', 'ChatGrpc__Access__Store is not Redis');
if (configuration.ConnectionStrings__Redis !== 'redis:6379') fail('ConfigMap', 'ConnectionStrings__Redis is not redis:6379');
if (configuration.ChatGrpc__Development__Enabled !== 'false') fail('ConfigMap', 'ChatGrpc__Development__Enabled is not "false"');
const secretKeys = secrets.flatMap(({ object }) => Object.keys({ ...object.data, ...object.stringData }));
if (!secretKeys.some((key) => key.startsWith('ChatGrpc__Auth__Users__'))) fail('Secret', 'no ChatGrpc__Auth__Users__<name>');
if (!secretKeys.some((key) => /^ChatGrpc__Providers__.+__ApiKey$/.test(key))) fail('Secret', 'no ChatGrpc__Providers__<name>__ApiKey');
for (const key of Object.keys(configuration)) {
  if (key.startsWith('ChatGrpc__Auth__Users__') || key.endsWith('__ApiKey')) {
    fail('ConfigMap', `${key} is a secret: it belongs in the Secret`);
  }
}

function seconds(timeSpan) {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(timeSpan ?? '');
  return match ? (Number(match[1] ?? 0) * 86400) + (Number(match[2]) * 3600) + (Number(match[3]) * 60) + Number(match[4]) : null;
}

if (gatewayDeployments.length !== 1) {
  fail('Deployment', `expected one gateway Deployment (image chatgrpc), found ${gatewayDeployments.length}`);
} else {
  const { where, object: deployment } = gatewayDeployments[0];
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find((c) => /^chatgrpc(:|$)/.test(c.image));
  if (container.image !== 'chatgrpc:latest') fail(where, `image ${container.image}, expected chatgrpc:latest`);
  if (!(deployment.spec.replicas >= 2)) fail(where, 'fewer than 2 replicas');
  const ports = Object.fromEntries((container.ports ?? []).map((p) => [p.name, p.containerPort]));
  if (ports.rest !== 8080 || ports.grpc !== 8081) fail(where, `ports ${JSON.stringify(ports)}, expected rest 8080 and grpc 8081`);
  const probe = (p, expectedPath) => p?.httpGet?.path === expectedPath && [8080, 'rest'].includes(p.httpGet.port);
  if (!probe(container.livenessProbe, '/healthz')) fail(where, 'liveness is not GET /healthz on 8080');
  if (!probe(container.readinessProbe, '/readyz')) fail(where, 'readiness is not GET /readyz on 8080');
  for (const kind of ['requests', 'limits']) {
    if (!container.resources?.[kind]?.cpu || !container.resources?.[kind]?.memory) fail(where, `no cpu and memory ${kind}`);
  }
  const runAsNonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
  const runAsUser = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
  if (runAsNonRoot !== true || runAsUser === 0) fail(where, 'does not run as non-root');
  const sources = (container.envFrom ?? []).map((s) => s.configMapRef?.name ?? s.secretRef?.name);
  // A ConfigMap or Secret mounted as a volume is read when its mount path is one of the gateway's configuration
  // directories (one file per key, reloaded while running).
  const directories = (container.env ?? []).filter((e) => /^ChatGrpc__ConfigurationDirectories__[0-9]+$/.test(e.name)).map((e) => e.value);
  for (const mount of container.volumeMounts ?? []) {
    const volume = (pod.volumes ?? []).find((v) => v.name === mount.name);
    const mounted = volume?.configMap?.name ?? volume?.secret?.secretName;
    if (mounted && directories.includes(mount.mountPath)) sources.push(mounted);
    else if (mounted) fail(where, `${mounted} is mounted at ${mount.mountPath}, which is not a ChatGrpc__ConfigurationDirectories entry`);
  }
  for (const { object } of [...configMaps, ...secrets]) {
    const referenced = sources.includes(object.metadata.name)
      || (container.env ?? []).some((e) => [e.valueFrom?.configMapKeyRef?.name, e.valueFrom?.secretKeyRef?.name].includes(object.metadata.name));
    if (!referenced) fail(where, `does not read ${object.kind} ${object.metadata.name}`);
  }
  (container.env ?? []).forEach((e) => checkSetting(where, e.name));
  const shutdown = seconds(configuration.HostOptions__ShutdownTimeout ?? '00:00:30');
  const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
  if (shutdown === null) {
    fail('ConfigMap', `HostOptions__ShutdownTimeout '${configuration.HostOptions__ShutdownTimeout}' is not a TimeSpan`);
  } else if (!(pod.terminationGracePeriodSeconds > shutdown + preStop)) {
    fail(where, `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} is not longer than the shutdown timeout (${shutdown} s) plus preStop (${preStop} s)`);
  }

  const labels = deployment.spec.template.metadata.labels;
  const selects = (selector) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v) && Object.keys(selector ?? {}).length > 0;
  const services = one('Service', (s) => selects(s.spec.selector));
  if (services.length !== 1) {
    fail('Service', `expected one Service for the gateway, found ${services.length}`);
  } else {
    const servicePorts = Object.fromEntries(services[0].object.spec.ports.map((p) => [p.port, p]));
    if (servicePorts[8080]?.appProtocol !== 'http') fail(services[0].where, 'port 8080 is not appProtocol http');
    if (servicePorts[8081]?.appProtocol !== 'kubernetes.io/h2c') fail(services[0].where, 'port 8081 is not appProtocol kubernetes.io/h2c');
    for (const p of Object.values(servicePorts)) {
      if (![8080, 8081, 'rest', 'grpc'].includes(p.targetPort ?? p.port)) fail(services[0].where, `port ${p.port} targets ${p.targetPort}`);
    }
  }

  const hpas = one('HorizontalPodAutoscaler', (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === deployment.metadata.name);
  if (hpas.length !== 1) fail('HorizontalPodAutoscaler', 'none scales the gateway Deployment');
  else if (!hpas[0].object.spec.metrics?.some((m) => m.resource?.name === 'cpu')) fail(hpas[0].where, 'does not scale on CPU');
  if (one('PodDisruptionBudget', (p) => selects(p.spec.selector.matchLabels)).length !== 1) fail('PodDisruptionBudget', 'none covers the gateway');
}

const redisDeployments = one('Deployment', (d) => d.spec.template.spec.containers.some((c) => /^redis:/.test(c.image)));
if (redisDeployments.length !== 1) fail('Deployment', 'expected one Redis Deployment');
if (!one('Service', (s) => s.metadata.name === 'redis' && s.spec.ports.some((p) => p.port === 6379)).length) fail('Service', 'no Service redis on 6379');
// Append-only persistence on a claimed volume: a Redis restart must not forget every window.
const appendOnly = (args) => { const i = (args ?? []).indexOf('--appendonly'); return i >= 0 && args[i + 1] === 'yes'; };
for (const { object, where } of redisDeployments) {
  const pod = object.spec.template.spec;
  const redis = pod.containers.find((c) => /^redis:/.test(c.image));
  if (!appendOnly([...(redis.command ?? []), ...(redis.args ?? [])])) fail(where, 'Redis runs without --appendonly yes');
  const data = (redis.volumeMounts ?? []).find((m) => m.mountPath === '/data');
  const volume = data && (pod.volumes ?? []).find((v) => v.name === data.name);
  const claim = volume?.persistentVolumeClaim?.claimName;
  if (!claim || !one('PersistentVolumeClaim', (c) => c.metadata.name === claim).length) fail(where, 'Redis /data is not a PersistentVolumeClaim of the manifests');
}

// Usage records: one PostgreSQL with a persistent volume, its Service, and the gateway pointed at it.
const postgresSets = one('StatefulSet', (d) => d.spec.template.spec.containers.some((c) => /^postgres:/.test(c.image)));
if (postgresSets.length !== 1) fail('StatefulSet', 'expected one PostgreSQL StatefulSet');
else if (!(postgresSets[0].object.spec.volumeClaimTemplates ?? []).length) fail(postgresSets[0].where, 'PostgreSQL has no persistent volume (volumeClaimTemplates)');
else {
  const passwordFrom = postgresSets[0].object.spec.template.spec.containers[0].env?.find((e) => e.name === 'POSTGRES_PASSWORD')?.valueFrom?.secretKeyRef;
  if (!passwordFrom || !postgresSecrets.some(({ object }) => object.metadata.name === passwordFrom.name && passwordFrom.key in { ...object.data, ...object.stringData })) fail(postgresSets[0].where, 'POSTGRES_PASSWORD is not read from a Secret of postgres.yaml');
}
if (!one('Service', (s) => s.metadata.name === 'postgres' && s.spec.ports.some((p) => p.port === 5432)).length) fail('Service', 'no Service postgres on 5432');
if (configuration.ChatGrpc__Usage__Store !== 'Postgres') fail('ConfigMap', 'ChatGrpc__Usage__Store is not Postgres');
if (!secretKeys.includes('ConnectionStrings__Usage')) fail('Secret', 'no ConnectionStrings__Usage');

// --- docker compose: two gateways from the repository's Dockerfile, Redis, nginx in front on 8080 and 8081. ---
const composeFile = path.join(deploy, 'docker-compose.yml');
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true });
const services = compose?.services ?? {};
const environmentOf = (service) => Array.isArray(service.environment)
  ? Object.fromEntries(service.environment.map((e) => e.split(/=(.*)/s).slice(0, 2)))
  : { ...(service.environment ?? {}) };
const gateways = Object.entries(services).filter(([, s]) => s.build !== undefined || /^chatgrpc(:|$)/.test(s.image ?? ''));
if (gateways.length !== 2) fail('docker-compose.yml', `expected two gateway services, found ${gateways.length}`);
for (const [serviceName, service] of gateways) {
  const where = `docker-compose.yml ${serviceName}`;
  const build = typeof service.build === 'string' ? { context: service.build } : service.build ?? {};
  const dockerfile = path.resolve(deploy, build.context ?? '.', build.dockerfile ?? 'Dockerfile');
  if (dockerfile !== path.resolve(deploy, '..', 'Dockerfile')) fail(where, `builds ${dockerfile}, not the repository's Dockerfile`);
  const environment = environmentOf(service);
  Object.keys(environment).forEach((key) => checkSetting(where, key));
  if (environment.ChatGrpc__Access__Store !== 'Redis') fail(where, 'ChatGrpc__Access__Store is not Redis');
  if (environment.ConnectionStrings__Redis !== 'redis:6379') fail(where, 'ConnectionStrings__Redis is not redis:6379');
  if (environment.ChatGrpc__Usage__Store !== 'Postgres') fail(where, 'ChatGrpc__Usage__Store is not Postgres');
  if (!/Host=postgres;/.test(environment.ConnectionStrings__Usage ?? '')) fail(where, 'ConnectionStrings__Usage does not name Host=postgres');
  if (service.ports !== undefined) fail(where, 'publishes ports itself: only nginx should');
  if (environment.ChatGrpc__Development__Enabled !== 'false') fail(where, 'ChatGrpc__Development__Enabled is not "false"');
  Object.entries(environment).filter(([key]) => key.startsWith('ChatGrpc__Auth__Users__')).forEach(([key, value]) => checkPasswordHash(where, key, value));
}
const [first, second] = gateways.map(([, s]) => JSON.stringify(environmentOf(s)));
if (gateways.length === 2 && first !== second) fail('docker-compose.yml', 'the two gateways do not share one configuration');
if (!services.redis || !/^redis:/.test(services.redis.image ?? '')) fail('docker-compose.yml', 'no redis service (image redis:...)');
else {
  const command = typeof services.redis.command === 'string' ? services.redis.command.split(/\s+/) : services.redis.command;
  if (!appendOnly(command)) fail('docker-compose.yml redis', 'runs without --appendonly yes');
  if (!(services.redis.volumes ?? []).some((v) => String(typeof v === 'object' ? v.target : v).endsWith(':/data') || v?.target === '/data')) fail('docker-compose.yml redis', 'keeps /data in no volume');
}
if (!services.postgres || !/^postgres:/.test(services.postgres.image ?? '')) fail('docker-compose.yml', 'no postgres service (image postgres:...)');
else if (!(services.postgres.volumes ?? []).some((v) => /:\/var\/lib\/postgresql\/data$/.test(String(typeof v === 'object' ? `${v.source}:${v.target}` : v)))) fail('docker-compose.yml postgres', 'keeps its data in no volume');
const nginx = services.nginx;
if (!nginx || !/^nginx(:|$)/.test(nginx.image ?? '')) {
  fail('docker-compose.yml', 'no nginx service (image nginx:...)');
} else {
  const published = (nginx.ports ?? []).map((p) => String(typeof p === 'object' ? `${p.published}:${p.target}` : p));
  for (const port of ['8080', '8081']) {
    if (!published.some((p) => p.endsWith(`:${port}`))) fail('docker-compose.yml nginx', `does not publish ${port}`);
  }
  if (!(nginx.volumes ?? []).some((v) => String(typeof v === 'object' ? v.source : v).includes('nginx.conf'))) fail('docker-compose.yml nginx', 'does not mount nginx.conf');
  for (const [serviceName] of gateways) {
    const dependsOn = Array.isArray(nginx.depends_on) ? nginx.depends_on : Object.keys(nginx.depends_on ?? {});
    if (!dependsOn.includes(serviceName)) fail('docker-compose.yml nginx', `does not depend on ${serviceName}`);
  }
}

// --- nginx.conf: REST upstream over HTTP/1.1 on 8080, gRPC upstream over h2c (grpc_pass) on 8081. ---
const nginxConf = readFileSync(path.join(deploy, 'nginx', 'nginx.conf'), 'utf8').replace(/#.*$/gm, '');
const upstreams = Object.fromEntries([...nginxConf.matchAll(/upstream\s+(\S+)\s*\{([^}]*)\}/g)].map((m) => [m[1], m[2]]));
const servers = [...nginxConf.matchAll(/server\s*\{((?:[^{}]|\{[^{}]*\})*)\}/g)].map((m) => m[1]);
const serverOn = (port) => servers.find((s) => new RegExp(`listen\\s+${port}\\b`).test(s));
for (const [upstreamName, body] of Object.entries(upstreams)) {
  for (const [serviceName] of gateways) {
    if (!body.includes(`${serviceName}:`)) fail(`nginx.conf upstream ${upstreamName}`, `does not include ${serviceName}`);
  }
}
const rest = serverOn(8080);
const grpc = serverOn(8081);
if (!rest || !/proxy_pass\s+http:\/\/(\S+);/.test(rest) || !/proxy_http_version\s+1\.1;/.test(rest)) fail('nginx.conf', 'no server on 8080 with proxy_pass over HTTP/1.1');
if (!grpc || !/listen\s+8081\s+http2\s*;|http2\s+on\s*;/.test(grpc) || !/grpc_pass\s+grpc:\/\/(\S+);/.test(grpc)) fail('nginx.conf', 'no HTTP/2 server on 8081 with grpc_pass grpc://');
for (const server of [rest, grpc].filter(Boolean)) {
  const target = /(?:proxy_pass\s+http|grpc_pass\s+grpc):\/\/([^;/\s]+)/.exec(server)?.[1];
  if (target && !upstreams[target]) fail('nginx.conf', `passes to ${target}, which is not an upstream`);
}

console.log(JSON.stringify({ objects, problems }));
process.exitCode = problems.length > 0 ? 1 : 0;
