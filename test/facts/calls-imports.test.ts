import { beforeAll, describe, expect, it } from 'vitest';
import { calls, type Call } from '../../src/facts/calls/index.js';
import { imports, type Import } from '../../src/facts/imports/index.js';
import { loadTreeSitter } from '../../src/parse/tree-sitter.js';
import { factsOf, lines } from './tree-helpers.js';

beforeAll(() => loadTreeSitter());

/** `qualified@line:column(arguments)`, each argument as `keyword=` or `#index` then its kind and value. */
function brief(found: Call[]): string[] {
  return found.map((call) => {
    const args = call.arguments.map((arg) => {
      const label = arg.keyword !== null ? `${arg.keyword}=` : arg.index !== null ? `#${arg.index} ` : '';
      const detail = arg.kind === 'env-read' ? `$${arg.variable}${'value' in arg ? ` in ${JSON.stringify(arg.value)}` : ''}` : arg.kind === 'identifier' ? arg.name : 'value' in arg ? JSON.stringify(arg.value) : '';
      return `${label}${arg.kind}${detail ? `:${detail}` : ''}`;
    });
    const qualified = call.qualified === call.callee ? '' : ` [${call.qualified}]`;
    return `${call.callee}${qualified}@${call.span.line}:${call.span.column}(${args.join(', ')})`;
  });
}

function importsBrief(found: Import[]): string[] {
  return found.map((entry) => `${entry.module}${entry.names.length > 0 ? ` {${entry.names.join(', ')}}` : ''}${entry.alias ? ` as ${entry.alias}` : ''} @${entry.span.line}`);
}

describe('calls in Python', () => {
  it('gives each call its dotted callee, resolved through imports, and a summary of its arguments', () => {
    const source = lines(
      'import os',
      'import uvicorn',
      'from logging.handlers import RotatingFileHandler',
      'app = Flask(__name__)',
      "app.run(host='0.0.0.0', port=int(os.environ.get('PORT', 5000)), debug=DEBUG)",
      "uvicorn.run('main:app', port=8000, *extra, **options)",
      "handler = RotatingFileHandler('logs/app.log', maxBytes=10240, backupCount=10)",
      'scheduler.start()',
      'Flask(__name__).run()',
    );
    expect(brief(factsOf(calls, 'python', source))).toEqual([
      'Flask@4:7(#0 identifier:__name__)',
      "app.run@5:1(host=string:\"0.0.0.0\", port=env-read:$PORT, debug=identifier:DEBUG)",
      'int@5:30(#0 env-read:$PORT)',
      'os.environ.get@5:34(#0 string:"PORT", #1 number:5000)',
      'uvicorn.run@6:1(#0 string:"main:app", port=number:8000, spread, spread)',
      'RotatingFileHandler [logging.handlers.RotatingFileHandler]@7:11(#0 string:"logs/app.log", maxBytes=number:10240, backupCount=number:10)',
      'scheduler.start@8:1()',
      'Flask().run@9:1()',
      'Flask@9:1(#0 identifier:__name__)',
    ]);
  });

  it('marks an argument read through a wrapper the file defines as an env read', () => {
    const source = lines('import os', 'def env(name, default=None):', '    return os.getenv(name, default)', "app.run(port=env('PORT', 5000))");
    expect(brief(factsOf(calls, 'python', source)).at(-2)).toBe('app.run@4:1(port=env-read:$PORT)');
  });

  it('finds no call in comments or strings', () => {
    expect(factsOf(calls, 'python', lines("# app.run(port=5000)", "doc = 'app.run(port=5000)'"))).toEqual([]);
  });
});

describe('calls in Go', () => {
  it('gives each call its dotted callee, resolved to the import path, and a summary of its arguments', () => {
    const source = lines(
      'package main',
      'import (',
      '\t"net/http"',
      '\t"os"',
      '\t"os/signal"',
      '\t"github.com/gin-gonic/gin"',
      ')',
      'func main() {',
      '\tr := gin.Default()',
      '\tsignal.Notify(quit, os.Interrupt)',
      '\thttp.ListenAndServe(":"+os.Getenv("PORT"), nil)',
      '\tc.SaveUploadedFile(file, "uploads/"+file.Filename)',
      '\tdb.AutoMigrate(&User{})',
      '\tr.Run(":8080")',
      '}',
    );
    expect(brief(factsOf(calls, 'go', source))).toEqual([
      'gin.Default [github.com/gin-gonic/gin.Default]@9:7()',
      'signal.Notify [os/signal.Notify]@10:2(#0 identifier:quit, #1 identifier:os.Interrupt)',
      'http.ListenAndServe [net/http.ListenAndServe]@11:2(#0 env-read:$PORT in ":\\u0000", #1 null:null)',
      'os.Getenv@11:26(#0 string:"PORT")',
      'c.SaveUploadedFile@12:2(#0 identifier:file, #1 template:"uploads/\\u0000")',
      'db.AutoMigrate@13:2(#0 other)',
      'r.Run@14:2(#0 string:":8080")',
    ]);
  });

  it('finds no call in comments or strings', () => {
    expect(factsOf(calls, 'go', lines('package main', '// http.ListenAndServe(":80", nil)', 'var s = "r.Run(\\":80\\")"'))).toEqual([]);
  });
});

describe('imports', () => {
  it('lists Python imports: plain, aliased, from, relative, wildcard, __future__', () => {
    const source = lines(
      'from __future__ import annotations',
      'import os, logging.handlers as handlers',
      'from flask import Flask, request as req',
      'from . import views',
      'from ..models import *',
      '# import not_this',
      "s = 'import neither'",
    );
    expect(importsBrief(factsOf(imports, 'python', source))).toEqual([
      '__future__ {annotations} @1',
      'os @2',
      'logging.handlers as handlers @2',
      'flask {Flask, request} @3',
      '. {views} @4',
      '..models {*} @5',
    ]);
  });

  it('lists Go import specs with their names', () => {
    const source = lines('package main', 'import "fmt"', 'import (', '\tlog "github.com/sirupsen/logrus"', '\t_ "github.com/lib/pq"', '\t// "not/this"', ')');
    expect(importsBrief(factsOf(imports, 'go', source))).toEqual(['fmt @2', 'github.com/sirupsen/logrus as log @4', 'github.com/lib/pq as _ @5']);
  });
});
