import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { undeclaredImports } from '../../../rules/dependencies/undeclared-imports.js';

describeFixtures(undeclaredImports);
