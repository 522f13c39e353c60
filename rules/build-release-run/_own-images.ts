import { parseImageReference } from '../../src/rule-kit/index.js';

/**
 * Docker Hub's official images (the `library/` namespace), current and deprecated: the only images a
 * reference without a namespace (`redis:latest`, `python`) can pull from a registry.
 */
const OFFICIAL_IMAGES = new Set(
  (
    'adminer aerospike almalinux alpine alt amazoncorretto amazonlinux api-firewall arangodb archlinux backdrop bash bonita ' +
    'buildpack-deps busybox caddy cassandra celery centos chronograf cirros clearlinux clefos clickhouse clojure composer consul ' +
    'convertigo couchbase couchdb crate crux dart debian django docker drupal eclipse-mosquitto eclipse-temurin eggdrop ' +
    'elasticsearch elixir emqx erlang express-gateway fedora flink fluentd friendica gazebo gcc geonetwork ghost golang gradle ' +
    'groovy haproxy haskell haxe hello-world hitch httpd hylang ibm-semeru-runtimes ibmjava influxdb iojs irssi java jenkins ' +
    'jetty jobber joomla jruby julia kaazing-gateway kapacitor kibana known kong krakend lightstreamer liquibase logstash mageia ' +
    'mariadb matomo maven mediawiki memcached mongo mongo-express mongodb monica mono mysql nats nats-streaming neo4j neurodebian ' +
    'nextcloud nginx node notary nuxeo odoo open-liberty openjdk opensuse oraclelinux orientdb owncloud percona perl photon php ' +
    'php-zendserver phpmyadmin piwik plone postfixadmin postgres pypy python r-base rabbitmq rails rakudo-star rapidoid redis ' +
    'redmine registry rethinkdb rocket.chat rockylinux ros ruby rust sapmachine satosa scratch sentry silverpeas sl solr sonarqube ' +
    'sourcemage spark spiped storm swarm swift swipl teamspeak telegraf thrift tomcat tomee traefik ubuntu ubuntu-debootstrap ' +
    'unit varnish vault websphere-liberty wordpress xwiki yourls znc zookeeper'
  ).split(' '),
);

/**
 * An image no registry can hold: a reference without a registry or namespace that names no official
 * image (`shop-api-prod:latest`). Docker would look for it in `library/`, where no app of the
 * repository's is, so it is the repository's own image, built on this machine from its Dockerfile
 * (`docker build -t shop-api-prod .`): a release of the app, never a base pulled.
 */
export function isUnpublishableOwnImage(reference: string): boolean {
  const { name } = parseImageReference(reference);
  if (name.includes('/') || /[$`{]/.test(name)) return false;
  return !OFFICIAL_IMAGES.has(name.toLowerCase());
}

/** Words of names that say nothing about which app an image holds. */
const GENERIC_WORDS = new Set([
  'app', 'apps', 'api', 'web', 'www', 'site', 'server', 'service', 'services', 'backend', 'frontend', 'client', 'worker', 'core', 'main',
  'base', 'image', 'images', 'docker', 'container', 'node', 'python', 'golang', 'java', 'prod', 'production', 'staging', 'stage', 'dev',
  'development', 'test', 'latest', 'release', 'public', 'private', 'library', 'microservice', 'microservices', 'http', 'rest', 'grpc',
]);

function distinctiveWords(name: string): Set<string> {
  return new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length >= 4 && !GENERIC_WORDS.has(word) && !/^\d+$/.test(word)));
}

/**
 * Whether an image is named for the app (`registry/acme/orders-api-prod` for the app `orders-service`):
 * its last path segment shares a distinctive word with one of the app's names (its package name, the
 * repository's folder). An official image's name (`redis`) is never taken for the app's own.
 */
export function isNamedForApp(reference: string, appNames: readonly string[]): boolean {
  const { name } = parseImageReference(reference);
  const last = name.slice(name.lastIndexOf('/') + 1);
  if (OFFICIAL_IMAGES.has(last.toLowerCase()) || /[$`{]/.test(last)) return false;
  const words = distinctiveWords(last);
  return appNames.some((appName) => [...distinctiveWords(appName)].some((word) => words.has(word)));
}
