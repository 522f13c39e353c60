import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { envNameBranching } from '../../../rules/config/env-name-branching.js';

describeFixtures(envNameBranching);
