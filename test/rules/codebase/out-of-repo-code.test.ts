import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { outOfRepoCode } from '../../../rules/codebase/out-of-repo-code.js';

describeFixtures(outOfRepoCode);
