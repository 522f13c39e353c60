import { posix } from 'node:path';
import { isComposeFile, STACK_FILE, isRecord, defineRule, foldersAbove, listFolder } from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'noProcessModel';


const DOCKERFILE = /^(?:dockerfile|containerfile)(?:[.-].+)?$|\.dockerfile$/i;
/** Files whose mere presence declares how the app's processes run on a platform. */
const PLATFORM_FILES = new Set([
  'Procfile', 'fly.toml', 'render.yaml', 'render.yml', 'railway.json', 'railway.toml', 'vercel.json', 'netlify.toml',
  'nixpacks.toml', '.platform.app.yaml', 'apprunner.yaml', 'apprunner.yml', 'Dockerrun.aws.json', 'wrangler.toml',
  'wrangler.json', 'wrangler.jsonc', 'firebase.json', 'serverless.yml', 'serverless.yaml', 'serverless.ts', 'serverless.js',
  'serverless.json', 'Chart.yaml', 'kustomization.yaml', 'kustomization.yml', 'skaffold.yaml', 'helmfile.yaml',
  'Pulumi.yaml', 'cdk.json', 'ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.json', 'pm2.json',
]);
/** Names that declare processes only with the right content: `app.yaml` of App Engine, `app.json` of Heroku. */
const CONTENT_CHECKED_FILES: Readonly<Record<string, (text: string) => boolean>> = {
  'app.yaml': (text) => /^(?:runtime|services|workers|jobs|static_sites):/m.test(text),
  'app.yml': (text) => /^(?:runtime|services|workers|jobs|static_sites):/m.test(text),
  'manifest.yml': (text) => /^applications:/m.test(text),
  'app.json': (text) => !/"expo"\s*:/.test(text) && /"(?:formation|buildpacks|addons|stack)"\s*:/.test(text),
  'template.yaml': (text) => /AWS::Serverless|AWS::ECS|AWS::Lambda/.test(text),
  'template.yml': (text) => /AWS::Serverless|AWS::ECS|AWS::Lambda/.test(text),
};
const KUBERNETES_WORKLOAD = /^kind:\s*["']?(?:Deployment|StatefulSet|DaemonSet|CronJob|Job|Pod|ReplicaSet|DeploymentConfig|Rollout|Service|ScaledObject)["']?\s*$/m;
/** Folders above a workspace member where a monorepo keeps its deployment manifests. */
const INFRA_FOLDERS = new Set([
  'k8s', 'kube', 'kubernetes', 'deploy', 'deployment', 'deployments', 'helm', 'charts', 'chart', 'infra', 'infrastructure',
  'manifests', 'ops', 'devops', '.do', 'terraform', 'docker', '.docker',
]);
const MAX_INFRA_DEPTH = 4;
/** Images of backing services: a compose file that only starts these declares none of the app's processes. */
const BACKING_IMAGE = /^(?:[\w.-]+\/)*(?:postgres|postgis|mysql|mariadb|mongo|redis|valkey|memcached|rabbitmq|elasticsearch|opensearch|kibana|minio|localstack|mailhog|mailpit|maildev|adminer|pgadmin4|phpmyadmin|zookeeper|kafka|cp-kafka|cp-zookeeper|nats|jaeger|all-in-one|prometheus|grafana|otel-collector|azurite|dynamodb-local|keycloak|vault|consul|selenium|standalone-chrome|mssql-server|cassandra|neo4j|couchdb|clickhouse-server|influxdb|traefik|nginx|caddy|haproxy)(?::|@|$)/i;


/** A compose file that builds, commands or pulls something other than a backing service declares a process. */
function composeDeclaresProcess(document: unknown): boolean {
  if (!isRecord(document) || !isRecord(document.services)) return false;
  return Object.values(document.services).some(
    (service) =>
      isRecord(service) &&
      (service.build !== undefined || service.command !== undefined || (typeof service.image === 'string' && !BACKING_IMAGE.test(service.image))),
  );
}

/**
 * Whether a file declares how the app's processes run. A Dockerfile counts: it declares one (web)
 * process, which is what a platform running the image scales.
 */
function declaresProcesses(path: string, context: RuleContext<MessageId>): boolean {
  const name = posix.basename(path);
  if (PLATFORM_FILES.has(name) || /\.(?:tf|nomad)$/.test(name)) return true;
  if (DOCKERFILE.test(name)) return !name.endsWith('.dockerignore');
  const checked = CONTENT_CHECKED_FILES[name];
  if (checked) return checked(context.text(path) ?? '');
  if (isComposeFile(path) || STACK_FILE.test(name)) return composeDeclaresProcess(context.yaml(path));
  // A systemd unit (`contrib/app.service`, `deploy/app-worker.service`) names each process it starts.
  if (name.endsWith('.service')) return /^\s*ExecStart\s*=/m.test(context.text(path) ?? '');
  if (!/\.ya?ml$/.test(name)) return false;
  const text = context.text(path) ?? '';
  return /^apiVersion:/m.test(text) && KUBERNETES_WORKLOAD.test(text);
}

/** Deployment files of a workspace's shared folders: the member's ancestors and their infra folders. */
function sharedDeploymentFiles(context: RuleContext<MessageId>): string[] {
  const found: string[] = [];
  const visit = (folder: string, depth: number, recurseAll: boolean): void => {
    for (const entry of listFolder(context, folder)) {
      if (!entry.endsWith('/')) found.push(entry);
      else if (depth < MAX_INFRA_DEPTH && (recurseAll || INFRA_FOLDERS.has(posix.basename(entry)))) visit(entry.slice(0, -1), depth + 1, true);
    }
  };
  for (const folder of foldersAbove(context.app.path)) visit(folder, 0, false);
  return found;
}

export const noProcessModel = defineRule<MessageId>({
  id: 'concurrency/no-process-model',
  factor: 'concurrency',
  defaultSeverity: 'warning',
  title: 'No declared process types',
  description:
    'Finds services and workers that declare nowhere how their processes run: no Procfile, Dockerfile, compose service, Kubernetes/Helm manifest or platform file.',
  fix: 'Declare each process type (web, worker, clock) in a Procfile, compose file, Kubernetes manifest or platform config.',
  messages: {
    noProcessModel:
      'no process types are declared for {{app}}: add a Procfile, Dockerfile, compose service, Kubernetes manifest or platform config saying how each process (web, worker, clock) runs',
  },
  appliesTo: (app) =>
    app.kind === 'service' || app.kind === 'worker' ? true : `${app.kind === 'library' ? 'libraries' : 'CLIs'} do not run as long-lived processes`,
  check(context) {
    const own = context.files.filter((file) => file.role === 'config' || file.role === 'source').map((file) => file.path);
    const shared = context.app.path === '.' ? [] : sharedDeploymentFiles(context);
    if ([...own, ...shared].some((path) => declaresProcesses(path, context))) return;
    const file = context.app.manifest ?? context.app.entryPoints[0];
    // A start script at least says how to run the app (platforms such as Heroku run it): low. Nothing at all: medium.
    const startScript = typeof context.app.packageJson?.scripts?.start === 'string';
    if (file) context.report({ messageId: 'noProcessModel', data: { app: context.app.name }, file, line: 1, severity: startScript ? 'note' : 'warning' });
  },
});
