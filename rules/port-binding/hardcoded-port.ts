import { defineRule, forEachRuntimeScriptFacts, listenSiteFacts, runByPythonServer, sourceListenSites } from '../../src/rule-kit/index.js';
import { forEachRuntimeListenSites, goPackageEngines } from '../../src/rule-kit/source-servers.js';

type MessageId = 'hardcodedPort';

export const hardcodedPort = defineRule<MessageId>({
  id: 'port-binding/hardcoded-port',
  languages: ['javascript', 'typescript', 'python', 'go'],
  factor: 'port-binding',
  defaultSeverity: 'warning',
  title: 'Port hard-coded in the code',
  description: 'Finds servers bound to a literal port (app.listen(3000), listen({ port: 8080 }), Hapi/Bun/Hono options; Flask app.run(port=5000), uvicorn.run(..., port=8000); Go ListenAndServe(":8080"), gin r.Run(":8000")) instead of the PORT the environment assigns.',
  fix: 'Bind the port the environment gives: app.listen(Number(process.env.PORT ?? 3000)).',
  messages: {
    hardcodedPort: 'server binds the hard-coded port {{port}} instead of reading PORT from the environment',
  },
  triggers: ['listen', 'serve', 'Server'],
  appliesTo: (app) => (app.kind === 'service' ? true : `only services bind a port (this app is a ${app.kind})`),
  facts: [listenSiteFacts, sourceListenSites, goPackageEngines],
  check(context) {
    forEachRuntimeScriptFacts(context, listenSiteFacts, (sites, file) => {
      // One literal may feed several listeners (`const PORT = 3000` used twice): one finding.
      const reported = new Set<string>();
      for (const { portLiteral } of sites) {
        // Port 0 asks the OS for a free port: nothing is hard-coded.
        if (portLiteral?.port === undefined || portLiteral.port === 0) continue;
        const { port, span } = portLiteral;
        const at = `${span.line}:${span.column}`;
        if (reported.has(at)) continue;
        reported.add(at);
        context.report({ messageId: 'hardcodedPort', data: { port }, file: file.path, ...span });
      }
    });
    // A Python app that gunicorn or uvicorn serves binds what the command says, whatever `app.run(...)` passes.
    const pythonServed = runByPythonServer(context);
    forEachRuntimeListenSites(context, (sites, file) => {
      if (file.language === 'python' && pythonServed) return;
      for (const { port } of sites) {
        if (port) context.report({ messageId: 'hardcodedPort', data: { port: port.port }, file: file.path, ...port.span });
      }
    });
  },
});
