import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { lockfile } from '../../../rules/dependencies/lockfile.js';

describeFixtures(lockfile);
