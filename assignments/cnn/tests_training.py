"""Python tests of the cnn assignment: the grader's trainer (trainer.py, a
worker module) trains the student's SmallConvNet in the student's process,
with the student's `loss`; the validation accuracy of the trained params is
computed here with the reference forward pass, graded, and reported on
Gradescope's leaderboard."""
import numpy as np
from gradescope_utils.autograder_utils.decorators import leaderboard, number, weight

from autograder.instructor import StudentTestCase, time_limit, trained_params

SHAPE = {"input_dim": (1, 8, 8), "num_filters": 8, "filter_size": 3, "hidden_dim": 64, "num_classes": 10}
MIN_ACCURACY = 0.9


class Training(StudentTestCase):
    @number("6.5")
    @weight(8)
    @leaderboard("validation accuracy")
    @time_limit(120)
    def test_trained_net_reaches_90_percent(self, set_leaderboard_value=None):
        """trained by the grader's trainer, your SmallConvNet reaches 90% on held-out digits"""
        data = self.generate("digits")
        model = self.student.cnn.SmallConvNet(**SHAPE)
        self.student.trainer.train(model, data["X"], data["y"], epochs=2, lr=0.02, batch_size=8, seed=0)
        expected_shapes = self.reference.cnn.SmallConvNet(**SHAPE).params
        trained, problem = trained_params("model.params", model.params, expected_shapes)
        if problem:
            self.fail(problem)
        net = self.reference.cnn.SmallConvNet(**SHAPE)
        net.params = trained
        accuracy = float(np.mean(np.argmax(net.loss(data["_X_val"]), axis=1) == data["_y_val"]))
        set_leaderboard_value(round(accuracy, 4))
        if accuracy < MIN_ACCURACY:
            self.fail(f"validation accuracy {accuracy:.3f} is below {MIN_ACCURACY} after the "
                      "grader's trainer trained your SmallConvNet; the trainer follows what your "
                      "loss returns, so check the gradients your loss returns (the loss and "
                      "gradient tests of SmallConvNet show which one is off)")
