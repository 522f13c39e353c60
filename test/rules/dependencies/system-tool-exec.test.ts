import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { systemToolExec } from '../../../rules/dependencies/system-tool-exec.js';

describeFixtures(systemToolExec);
