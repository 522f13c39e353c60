import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { fileTransport } from '../../../rules/logs/file-transport.js';

describeFixtures(fileTransport);
