/**
 * Top-level modules of the Python standard library: `sys.stdlib_module_names` of CPython 3.11 (private
 * `_x` modules left out), with those removed since 3.12 and the Python 2 names older code still imports.
 */
export const PYTHON_STDLIB: ReadonlySet<string> = new Set([
  'BaseHTTPServer', 'ConfigParser', 'Cookie', 'HTMLParser', 'Queue', 'SimpleHTTPServer', 'SocketServer', 'StringIO',
  '__builtin__', '__future__', '__main__', 'abc', 'aifc', 'antigravity', 'argparse', 'array', 'ast', 'asynchat',
  'asyncio', 'asyncore', 'atexit', 'audioop', 'base64', 'bdb', 'binascii', 'bisect', 'builtins', 'bz2', 'cPickle',
  'cProfile', 'cStringIO', 'calendar', 'cgi', 'cgitb', 'chunk', 'cmath', 'cmd', 'code', 'codecs', 'codeop',
  'collections', 'colorsys', 'commands', 'compileall', 'concurrent', 'configparser', 'contextlib', 'contextvars',
  'cookielib', 'copy', 'copyreg', 'crypt', 'csv', 'ctypes', 'curses', 'dataclasses', 'datetime', 'dbm', 'decimal',
  'difflib', 'dis', 'distutils', 'doctest', 'email', 'encodings', 'ensurepip', 'enum', 'errno', 'exceptions',
  'faulthandler', 'fcntl', 'filecmp', 'fileinput', 'fnmatch', 'fractions', 'ftplib', 'functools', 'gc', 'genericpath',
  'getopt', 'getpass', 'gettext', 'glob', 'graphlib', 'grp', 'gzip', 'hashlib', 'heapq', 'hmac', 'html', 'http',
  'httplib', 'idlelib', 'imaplib', 'imghdr', 'imp', 'importlib', 'inspect', 'io', 'ipaddress', 'itertools', 'json',
  'keyword', 'lib2to3', 'linecache', 'locale', 'logging', 'lzma', 'mailbox', 'mailcap', 'marshal', 'math', 'md5',
  'mimetypes', 'mmap', 'modulefinder', 'msilib', 'msvcrt', 'multiprocessing', 'netrc', 'new', 'nis', 'nntplib', 'nt',
  'ntpath', 'nturl2path', 'numbers', 'opcode', 'operator', 'optparse', 'os', 'ossaudiodev', 'pathlib', 'pdb',
  'pickle', 'pickletools', 'pipes', 'pkgutil', 'platform', 'plistlib', 'poplib', 'posix', 'posixpath', 'pprint',
  'profile', 'pstats', 'pty', 'pwd', 'py_compile', 'pyclbr', 'pydoc', 'pydoc_data', 'pyexpat', 'queue', 'quopri',
  'random', 're', 'readline', 'reprlib', 'resource', 'rlcompleter', 'runpy', 'sched', 'secrets', 'select',
  'selectors', 'sets', 'sha', 'shelve', 'shlex', 'shutil', 'signal', 'site', 'smtpd', 'smtplib', 'sndhdr', 'socket',
  'socketserver', 'spwd', 'sqlite3', 'sre_compile', 'sre_constants', 'sre_parse', 'ssl', 'stat', 'statistics',
  'string', 'stringprep', 'struct', 'subprocess', 'sunau', 'symtable', 'sys', 'sysconfig', 'syslog', 'tabnanny',
  'tarfile', 'telnetlib', 'tempfile', 'termios', 'textwrap', 'this', 'thread', 'threading', 'time', 'timeit',
  'tkinter', 'token', 'tokenize', 'tomllib', 'trace', 'traceback', 'tracemalloc', 'tty', 'turtle', 'turtledemo',
  'types', 'typing', 'unicodedata', 'unittest', 'urllib', 'urllib2', 'urlparse', 'uu', 'uuid', 'venv', 'warnings',
  'wave', 'weakref', 'webbrowser', 'winreg', 'winsound', 'wsgiref', 'xdrlib', 'xml', 'xmlrpc', 'xmlrpclib', 'zipapp',
  'zipfile', 'zipimport', 'zlib', 'zoneinfo',
]);

/**
 * Import names that differ from the distribution that provides them (`import yaml` comes from
 * PyYAML), distributions normalised as pip compares them. Names equal to their distribution's need
 * no entry.
 */
export const PYTHON_DISTRIBUTIONS_OF: Readonly<Record<string, readonly string[]>> = {
  yaml: ['pyyaml'], PIL: ['pillow'], cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
  dateutil: ['python-dateutil'], bs4: ['beautifulsoup4'], jose: ['python-jose'], jwt: ['pyjwt'], sklearn: ['scikit-learn'], attr: ['attrs'],
  dotenv: ['python-dotenv'], magic: ['python-magic'], multipart: ['python-multipart'], MySQLdb: ['mysqlclient'], psycopg2: ['psycopg2', 'psycopg2-binary'],
  psycopg: ['psycopg', 'psycopg-binary'], pkg_resources: ['setuptools'], OpenSSL: ['pyopenssl'], Crypto: ['pycryptodome', 'pycrypto'],
  Cryptodome: ['pycryptodomex'], socks: ['pysocks'], serial: ['pyserial'], zmq: ['pyzmq'], git: ['gitpython'], github: ['pygithub'],
  slugify: ['python-slugify'], rest_framework: ['djangorestframework'], rest_framework_simplejwt: ['djangorestframework-simplejwt'],
  rest_framework_jwt: ['djangorestframework-jwt', 'drf-jwt'], corsheaders: ['django-cors-headers', 'django-cors-middleware'], django_filters: ['django-filter'],
  debug_toolbar: ['django-debug-toolbar'], storages: ['django-storages'], environ: ['django-environ'], decouple: ['python-decouple'],
  telegram: ['python-telegram-bot'], discord: ['discord-py'], dns: ['dnspython'], ldap: ['python-ldap'], docx: ['python-docx'], pptx: ['python-pptx'],
  fitz: ['pymupdf'], Levenshtein: ['python-levenshtein', 'levenshtein'], sentry_sdk: ['sentry-sdk'], email_validator: ['email-validator'],
  pydantic_settings: ['pydantic-settings'], jwcrypto: ['jwcrypto'], nacl: ['pynacl'], usb: ['pyusb'], win32api: ['pywin32'], mpl_toolkits: ['matplotlib'],
  google: [], markdown_it: ['markdown-it-py'], websocket: ['websocket-client'], ruamel: ['ruamel-yaml'], flask_cors: ['flask-cors'],
  memcache: ['python-memcached'], consul: ['python-consul'], kafka: ['kafka-python'], confluent_kafka: ['confluent-kafka'],
};

/**
 * What popular distributions install besides themselves: importing one of these is importing a
 * package the declared one pins, in every install (`flask` brings `werkzeug`).
 */
export const PYTHON_INSTALLED_WITH: Readonly<Record<string, readonly string[]>> = {
  flask: ['werkzeug', 'jinja2', 'itsdangerous', 'click', 'markupsafe', 'blinker'],
  django: ['asgiref', 'sqlparse'],
  fastapi: ['starlette', 'pydantic', 'anyio', 'typing-extensions'],
  starlette: ['anyio'],
  pydantic: ['typing-extensions', 'pydantic-core', 'annotated-types'],
  sqlmodel: ['sqlalchemy', 'pydantic'],
  'flask-sqlalchemy': ['sqlalchemy'],
  'flask-migrate': ['alembic', 'sqlalchemy'],
  alembic: ['sqlalchemy', 'mako'],
  celery: ['kombu', 'billiard', 'vine', 'click'],
  requests: ['urllib3', 'idna', 'certifi', 'charset-normalizer'],
  httpx: ['httpcore', 'anyio', 'idna', 'certifi'],
  uvicorn: ['click', 'h11'],
  'flask-wtf': ['wtforms'],
  boto3: ['botocore', 's3transfer', 'jmespath'],
  djangorestframework: ['django'],
  'python-jose': ['ecdsa', 'rsa', 'pyasn1'],
};
