/**
 * Well-known Python and Go packages by what they are, as `knowledge/packages.ts` names npm ones.
 * Python names are normalised as pip compares them (lower case, runs of `-_.` as `-`); Go modules are
 * named by their path without a major-version suffix (`github.com/labstack/echo/v4` is `github.com/labstack/echo`).
 */

/**
 * Python packages whose presence means the app serves requests: web frameworks and the servers that
 * run them. aiohttp is absent (as often an HTTP client as a server: its server shows by `aiohttp.web`).
 */
export const PYTHON_WEB_FRAMEWORKS = [
  'flask', 'django', 'fastapi', 'starlette', 'sanic', 'tornado', 'pyramid', 'bottle', 'falcon', 'quart', 'litestar',
  'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'waitress', 'granian',
] as const;

/** Python job queues and stream consumers: with one of these and no web framework, the app consumes jobs. */
export const PYTHON_QUEUE_CONSUMERS = [
  'celery', 'rq', 'dramatiq', 'huey', 'arq', 'pika', 'aio-pika', 'kafka-python', 'confluent-kafka', 'aiokafka', 'faust-streaming',
] as const;

/** Go modules whose presence means the app serves requests. */
export const GO_WEB_FRAMEWORKS = [
  'github.com/gin-gonic/gin', 'github.com/labstack/echo', 'github.com/gofiber/fiber', 'github.com/go-chi/chi',
  'github.com/gorilla/mux', 'github.com/julienschmidt/httprouter', 'github.com/valyala/fasthttp', 'github.com/beego/beego',
  'github.com/astaxie/beego', 'github.com/kataras/iris', 'github.com/go-martini/martini', 'github.com/revel/revel',
  'github.com/emicklei/go-restful',
] as const;

/** Go job queues and stream consumers. */
export const GO_QUEUE_CONSUMERS = [
  'github.com/hibiken/asynq', 'github.com/RichardKnop/machinery', 'github.com/gocraft/work', 'github.com/streadway/amqp',
  'github.com/rabbitmq/amqp091-go', 'github.com/segmentio/kafka-go', 'github.com/Shopify/sarama', 'github.com/IBM/sarama',
  'github.com/confluentinc/confluent-kafka-go', 'github.com/nats-io/nats.go', 'github.com/nsqio/go-nsq', 'cloud.google.com/go/pubsub',
] as const;

/** pip's name comparison: `Flask_SQLAlchemy` and `flask-sqlalchemy` are one package. */
export function normalisePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A Go module path without its major-version suffix (`/v4`) or gopkg.in version (`.v2`). */
export function goModuleBase(path: string): string {
  return path.replace(/\/v\d+$/, '').replace(/\.v\d+$/, '');
}
