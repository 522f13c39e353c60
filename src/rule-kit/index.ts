/**
 * What a rule may import besides src/types.ts: the rule-kit's shared knowledge by subject, listed
 * name by name so the kit's surface is a choice, not whatever its modules happen to export.
 */
export {
  type Span, calleeName, constInitializer, defaultOf, dottedName, envVariableName, findNodes,
  isEnvFallback, isEnvRead, isModule, numberValue, objectLiteral, propertyValue, requiredModule, stringValue,
  unwrap,
} from './ast.js';
export { forEachScriptFacts, isScriptFile } from './files.js';
export { isConfigModulePath, isPythonSettingsPath, isScriptConfigModulePath } from './config-modules.js';
export { entropy, isPlaceholder, isUnusablePlaceholder } from './secrets.js';
export { linesOf, positionAt } from './text.js';
export { defineRule } from './define.js';
export {
  BACKING_SERVICE_CLIENTS, QUEUE_CONSUMERS, SQL_CLIENTS, dependsOnAny,
} from '../knowledge/packages.js';
export {
  type ShellCommand, commandText, expandShell, isShellProgram, parseProcfile, parseShell, programWords, scriptCommands,
  scriptInvocation, scriptPosition, scriptsOf, shellScriptOf,
} from './commands.js';
export {
  type BuildContext, type DockerStage, buildContexts, copiesWholeContext, copyOperands, dockerSpan, dockerignoreExcludes,
  effectiveInstruction, execFormWords, finalStage, instructionCommands, isCommandFile, isExecForm, isRegistryImage, locallyBuiltImages,
  shellFormText, shippedStages, stageLineage, stagesOf, substituteArgs, targetStages,
} from './dockerfile.js';
export {
  type ProcessCommand, type StartupStep, isDevelopmentFile, isNonProductionScript, isPm2DaemonStart, productionCommands, programsRunByDeploy, referencedProgramFile,
  referencedShellScript, scriptProcessCommands, startedShellScript, startupSequences,
} from './process-commands.js';
export {
  type ComposeService, type ProjectMount, composeBaseFile, composeKeyPosition, composeServices, composeVariant,
  composeVolumePosition, isBackingServicesStack, isComposeFile, isProductionComposeFile, projectMounts, runsPublishedAppImage,
} from './compose.js';
export {
  DEPENDENCY_SECTIONS, PYTHON_LOCKFILES, gitignoreLineFor, indexedReader, isRequirementsFile, isWorkTreeTop,
  jsonEntryPosition, jsonEntryPositions, leavesRoot, localDependencyPath, localPackageNames,
  lockfileInstalls, parseJsonc, parseRequirements, requirementsClosure,
} from './manifests.js';
export {
  type ClientCall, type ClientShape, LITERAL_KINDS, type ModuleBinding, calledMember, clientCallReader,
  CONFIG_GETTER_CALLEE, envFallbackReader, envFallbackVariable, settingDefaultedBy, isKnownLibrary, isStaticAssetPath, isUnderNonProductionKey,
  mayCallModule, moduleBindings, optionsObject, prismaDatasources, scopedConstInitializer,
  serverDatabaseEvidence,
} from './clients.js';
export { type ImportBinding, importBindings, type ModuleReference, moduleReferences, packageNameOf, referencesOf } from './modules.js';
export {
  type ListenSiteFacts, boundModuleCandidates, cachedImportBindings, importedModuleFacts, listenSiteFacts,
  mayNameAny, rawCalleeMethod, rawDottedName, rawDottedRoot, rawHasPropertyNamed, rawText, someRawDescendant, unwrapRaw,
  variableInitializer,
} from './servers.js';
export {
  GO_GRACEFUL_PACKAGE, type SourceCall, type SourceImport, type SourceListenSite, calls, forEachRuntimeListenSites,
  forEachRuntimeSourceFacts, goPackageEngines, imports, runByPythonServer, sourceListenSites,
} from './source-servers.js';
export { sourceFileLoggers } from './source-logging.js';
export { type GoModuleRoot, type GoPackages, goPackages, reachFrom } from './go-packages.js';
export { spanHolds, spanPrecedes } from './spans.js';
export { isRuntimeScript, isToolingPath } from './runtime.js';
export { isTranslationPath } from './translations.js';
export { type TextSource, isRuntimeSource, matchesIn, textSources } from './source-text.js';
export { type ConfigClassChoice, configClassChoices } from './source-config-classes.js';
export { DEPLOYED_ENVIRONMENTS, ENVIRONMENT_NAMES } from './environment-names.js';
export {
  DEPLOYS, environmentExclusion, holdsInProduction, inDevelopmentOnlyBlock, isDevelopmentOnlyCondition, isEnvironmentCondition,
} from './environment-conditions.js';
export {
  type ImageLine, type ImageReference, IMAGE_VARIABLE, STACK_FILE, imageLines, isKubernetesManifest, parseImageReference, workloadImages,
} from './images.js';
export { asRecord, isRecord } from '../util/is-record.js';
export {
  type ProcessListener, functionOf, handlerEffects, isPassiveCall, processListeners,
} from './process-events.js';
export { filesNamedNearApp, foldersAbove, inFolder, listFolder } from './repo-files.js';
export { valueSpan } from './data-paths.js';
export { serviceKindOf } from './service-kinds.js';
export {
  type ProseReading, type SecretMatch, CONNECTION_STRING_PASSWORD, URL_QUERY_PASSWORD, anyUrlPassword, describeSecretValue, knownTokenKind, tokenPrefixes, urlPasswordLiteral, isPlaceholderSecret, looksLikeSecret, nameWords,
  isNotAWorkingValue, keywordDsnPassword, namedSecretLiteral, queryPassword, secretLines, secretNameKind, unmistakableSecret, workingPlaceholderSecret,
} from './credentials.js';
export { dataEntries } from './data-entries.js';
export {
  DOTENV_PACKAGES, type EnvEntry, envEntries, envFileRequirements, envFileWords, ignoredEnvTemplateNames, ignoredEnvTemplates, isEnvFile,
  isEnvTemplate, isEnvTemplateFile, isEnvironmentVariableMap, testsEnvironmentName,
} from './env-files.js';
export {
  type RawStringLiteral, heldUnder, inSampleScope, isNameLiteral, isRawNameLiteral, literalText, literalTextWithHoles, rawHeldUnder,
  namesSamples, rawInSampleScope, rawLiteralText, rawLiteralTextWithHoles, stringLiteralFacts, stringLiterals,
} from './literals.js';
export {
  forEachSourceFacts, isLocalBlockName, isLocalLiteral, isLocalSettingsPath, stringOf,
} from './source-literals.js';
export {
  HOLE, classifyEndpoint, iniEntries, isBackingServiceSetting, isHostKey, isIniConfigPath, isLoopbackHost, webUrlParts,
} from './endpoints.js';
export {
  ENV_READ_TRIGGERS, type EnvRead, type EnvReadSite, type ScriptEnvReads, envHelperNames, environmentReads, helperReads,
  isPlatformVariable, isProcessEnv, scriptEnvReads,
} from './env-reads.js';
export { commandPosition, installOf } from './installs.js';
export { forEachRuntimeScriptFacts, scriptFacts, spanOf } from './script-facts.js';
export {
  type Binding, type BoundLiteral, type CliCommand, type GoCommandLineFacts, type LocalWrite, type LocalWrites,
  PYTHON_DISTRIBUTIONS_OF, PYTHON_INSTALLED_WITH, PYTHON_STDLIB, type SourceEnvRead, envReads, goCommandLine,
  literals, localWrites, normalisePythonName,
} from './python-go-facts.js';
export {
  type LiteralFallback, type SourceFunction, enclosingFunction, literalFallbacks, pythonChainedFallbacks,
  sourceFunctions,
} from './backing-source.js';
export { wrapped } from '../facts/wrap-typescript.js';
export { type FileExtractor, type FileInput } from '../facts/types.js';
export { pythonServerIn, pythonTargets, sourceScheduling } from './source-schedulers.js';
export {
  type GeneratedSecret, isSigningSecretName, isStartupFunctionName, sourceGeneratedSecrets,
} from './source-generated-secrets.js';
export { MIGRATION_RUNNER_CALLEE } from './migration-runners.js';
export { isOneOffPath } from './one-off-paths.js';
export { onlyTestsName } from './test-fixture-files.js';
